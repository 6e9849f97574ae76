/**
 * Carbon-aware adaptation of multi-stage inference pipelines.
 */
module dev.greenslice.pipelines {
    requires transitive dev.greenslice.carbon;
    requires commons.math3;

    exports dev.greenslice.estimators.pipeline;
}
