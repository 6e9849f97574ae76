/**
 * Model and device power profiles, the power of models sharing one GPU, profile reduction, and the published
 * profile data.
 */
module dev.greenslice.profiles {
    requires transitive dev.greenslice.carbon;
    // Automatic module (commons-math3 3.6.1 names none in its manifest): its name comes from the jar's file name.
    requires commons.math3;

    exports dev.greenslice.estimators.profile;
    exports dev.greenslice.estimators.power;
    exports dev.greenslice.estimators.reduction;
}
