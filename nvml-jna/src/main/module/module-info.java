/**
 * NVIDIA GPUs through NVML, bound with JNA: energy and power sensors, clocks, MIG instances.
 */
module dev.greenslice.nvml {
    requires transitive dev.greenslice.carbon;
    // Transitive, as jdeps --check suggests: public methods in dev.greenslice.nvml name JNA types.
    requires transitive com.sun.jna;

    exports dev.greenslice.nvml;
    exports dev.greenslice.nvml.mig;
    // The NVML bindings (JNA Library interfaces and any Structure) live in dev.greenslice.nvml; JNA reflects on
    // them.
    opens dev.greenslice.nvml to com.sun.jna;
}
