package dev.greenslice.samples.cli;

import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import picocli.CommandLine;

/** Option parsing shared by subcommands: turns bad values into usage errors that name the flag. */
final class Options {

    private Options() {
    }

    /** @throws CommandLine.ParameterException naming {@code --gpu} and the known GPUs */
    static GpuModel gpu(CommandLine.Model.CommandSpec spec, String name) {
        try {
            return GpuCatalog.byId(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--gpu: " + e.getMessage());
        }
    }

    /** @throws CommandLine.ParameterException if the GPU has no MIG, naming those that do */
    static MigGeometry mig(CommandLine.Model.CommandSpec spec, GpuModel gpu) {
        return gpu.migGeometry().orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "--gpu: " + gpu.id() + " has no MIG; GPUs with MIG: " + String.join(", ", GpuCatalog.all().stream()
                        .filter(GpuModel::supportsMig).map(GpuModel::id).toList())));
    }

    /** An NVML refusal in the command line's words: the library setting is the --nvml-library option here. */
    static String nvmlUnavailable(dev.greenslice.nvml.NvmlUnavailable u) {
        return nvmlUnavailable(u, true);
    }

    /**
     * An NVML refusal in the command line's words; unless {@code inFull}, no library found is said in one clause with
     * its fix (the loader's message for every name tried is behind --verbose).
     */
    static String nvmlUnavailable(dev.greenslice.nvml.NvmlUnavailable u, boolean inFull) {
        if (!inFull && u.reason().startsWith("no NVIDIA management library found")) {
            return "no NVIDIA management library found as " + u.library() + ". Fix: "
                    + u.fix().replace(dev.greenslice.nvml.NvmlOptions.LIBRARY_SETTING, "--nvml-library")
                    + "; --verbose says what loading each said";
        }
        String library = u.library();
        // The simulated libnvidia-ml answers DRIVER_NOT_LOADED without a scenario, faithfully; here that means a
        // missing scenario, not a missing kernel driver.
        if (library.contains("libnvidia-ml-sim") && System.getenv("GREENSLICE_NVML_SIM_SCENARIO") == null) {
            return "the simulated libnvidia-ml (" + library + ") has no scenario: name one in"
                    + " GREENSLICE_NVML_SIM_SCENARIO, e.g. GREENSLICE_NVML_SIM_SCENARIO=examples/simulated-gpus.scenario";
        }
        // The library is named once: in the reason where it names it (as each file tried), else in the heading.
        boolean named = java.util.Arrays.stream(u.library().split(", ")).allMatch(u.reason()::contains);
        return ("NVML is not available" + (named ? ": " : " (" + u.library() + "): ") + u.reason() + ". Fix: " + u.fix())
                .replace(dev.greenslice.nvml.NvmlOptions.LIBRARY_SETTING, "--nvml-library");
    }
}
