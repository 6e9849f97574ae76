/**
 * Workloads and deployments, MIG placement planners and GPU clock tuners (offline and online), with the plan and
 * tune types they implement.
 */
module dev.greenslice.planning {
    requires transitive dev.greenslice.profiles;
    requires commons.math3;
    requires ojalgo;

    // The plan and tune contracts, moved here from carbon-api with their package names unchanged.
    exports dev.greenslice.carbon.plan;
    exports dev.greenslice.carbon.tune;
    exports dev.greenslice.estimators.workload;
    exports dev.greenslice.estimators.deployment;
    exports dev.greenslice.estimators.plan;
    exports dev.greenslice.estimators.tune;
    exports dev.greenslice.estimators.tune.online;
}
