/**
 * GreenSlice's core: units, clocks, sensors, metering windows and their carbon reports, carbon intensity,
 * embodied carbon, GPU models and MIG geometry. Depends on nothing but the JDK and the SLF4J API.
 */
module dev.greenslice.carbon {
    // Required explicitly, so that a consumer on the module path need not add --add-modules org.slf4j.
    requires org.slf4j;
    // CpuTimeSensor reads process CPU time through the platform MXBeans (com.sun.management's where present).
    requires java.management;
    requires jdk.management;
    // Metering windows are JFR events (package-private event classes in dev.greenslice.carbon.meter).
    requires jdk.jfr;

    exports dev.greenslice.carbon;
    exports dev.greenslice.carbon.embodied;
    exports dev.greenslice.carbon.estimate;
    exports dev.greenslice.carbon.gpu;
    exports dev.greenslice.carbon.gpu.mig;
    exports dev.greenslice.carbon.intensity;
    exports dev.greenslice.carbon.meter;
    exports dev.greenslice.carbon.sensor;
}
