package dev.greenslice.nvml;

import dev.greenslice.carbon.Power;

/**
 * A process that changes GPU 0 of the simulated library (the scenario from GREENSLICE_NVML_SIM_SCENARIO) and then
 * either crashes without restoring ({@code halt}: no shutdown hooks run) or exits without closing ({@code exit}:
 * the shutdown hook must restore). Run by {@link RestoreAcrossProcessesTest} in a child JVM.
 */
final class ChangingProcess {

    private ChangingProcess() {
    }

    public static void main(String[] args) {
        Nvml nvml = Nvml.open();
        NvmlDevice gpu = nvml.device(0);
        gpu.lockSmClock(1005, 1110);
        gpu.setPowerLimit(Power.ofWatts(250));
        System.out.println("changed " + gpu.uuid());
        System.out.flush();
        if ("halt".equals(args[0])) {
            Runtime.getRuntime().halt(3);
        }
        System.exit(0);
    }
}
