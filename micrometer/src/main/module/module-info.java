/**
 * Micrometer meters for a GreenSlice carbon meter's energy and carbon.
 */
module dev.greenslice.micrometer {
    requires transitive dev.greenslice.carbon;
    // Its API implements Micrometer's MeterBinder and takes its Tags (automatic module micrometer.core).
    requires transitive micrometer.core;

    exports dev.greenslice.micrometer;
}
