/**
 * The simulated GPU, simulated traffic for the online tuner, and the pipeline simulator with its example
 * pipelines: research and test tools beside the library. No library module requires this one.
 */
module dev.greenslice.simulator {
    requires transitive dev.greenslice.planning;
    requires transitive dev.greenslice.pipelines;
    requires commons.math3;

    exports dev.greenslice.estimators.sim;
    exports dev.greenslice.estimators.sim.pipeline;
}
