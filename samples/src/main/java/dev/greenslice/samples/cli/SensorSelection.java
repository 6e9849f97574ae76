package dev.greenslice.samples.cli;

import dev.greenslice.carbon.sensor.CpuTimeSensor;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.nvml.NvmlOptions;
import dev.greenslice.nvml.NvmlSensor;
import dev.greenslice.nvml.NvmlSensors;
import dev.greenslice.rapl.RaplSensor;
import dev.greenslice.rapl.RaplUnavailableException;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Chooses the best sensors this machine offers for metering a command, and says why each was or was not
 * used: hardware counters where readable (RAPL: CPU package, core, uncore, DRAM and psys energy of the whole
 * machine), the CPU-time estimate of the command's processes otherwise, and one energy domain per NVIDIA GPU
 * where NVML is available.
 */
final class SensorSelection {

    private final List<EnergySensor> sensors;
    private final List<String> descriptions;
    private final java.util.Map<String, dev.greenslice.carbon.gpu.GpuModel> catalogGpus;

    private SensorSelection(List<EnergySensor> sensors, List<String> descriptions) {
        this(sensors, descriptions, java.util.Map.of());
    }

    private SensorSelection(List<EnergySensor> sensors, List<String> descriptions,
                            java.util.Map<String, dev.greenslice.carbon.gpu.GpuModel> catalogGpus) {
        this.sensors = List.copyOf(sensors);
        this.descriptions = List.copyOf(descriptions);
        this.catalogGpus = java.util.Map.copyOf(catalogGpus);
    }

    /** @return the GPU domains (gpu:N) whose product is in the GPU catalogue, with its model, for embodied carbon */
    java.util.Map<String, dev.greenslice.carbon.gpu.GpuModel> catalogGpus() {
        return catalogGpus;
    }

    /**
     * @throws CommandLine.ParameterException if {@code --rapl-root} was given and no RAPL counter can be read there
     */
    static SensorSelection forCommand(MeterCommand options) {
        List<EnergySensor> sensors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        RaplSensor rapl = null;
        String raplWhyNot;
        if (options.raplRoot != null) {
            try {
                rapl = RaplSensor.at(options.raplRoot);
            } catch (RaplUnavailableException e) {
                throw new CommandLine.ParameterException(options.spec.commandLine(),
                        "--rapl-root " + options.raplRoot + ": " + withMeterFlags(e.getMessage()));
            }
            raplWhyNot = null;
        } else {
            try {
                rapl = RaplSensor.autodetect();
                raplWhyNot = null;
            } catch (RaplUnavailableException e) {
                raplWhyNot = withMeterFlags(e.getMessage());
            }
        }
        if (rapl != null) {
            // RAPL measures the whole machine, which includes the command's CPU time: the CPU-time estimate
            // would count the same energy twice, so it is left out.
            sensors.add(rapl);
            notes.add(rapl.name() + ": " + rapl.domains().stream().map(SensorDomain::id).collect(Collectors.joining(", "))
                    + " (hardware counters of the whole machine during the command, other processes included)");
            for (String n : rapl.notes()) {
                notes.add(rapl.name() + ": " + n);
            }
        } else {
            CpuTimeSensor cpu = CpuTimeSensor.forChildProcesses();
            sensors.add(cpu);
            notes.add("cpu-time: CPU time of the command's processes × " + cpu.powerPerThread()
                    + " per hardware thread (an estimate; RAPL was not used: "
                    + (options.verbose || options.json ? raplWhyNot : "no RAPL counter is readable here; --verbose"
                    + " says why and how to enable one") + ")");
        }
        java.util.Map<String, dev.greenslice.carbon.gpu.GpuModel> catalog = new java.util.LinkedHashMap<>();
        addGpus(options, sensors, notes, catalog);
        return new SensorSelection(sensors, notes, catalog);
    }

    /** One domain per physical NVIDIA GPU (gpu:0, gpu:1, ...); without NVML the meter goes on without them. */
    private static void addGpus(MeterCommand options, List<EnergySensor> sensors, List<String> notes,
                                java.util.Map<String, dev.greenslice.carbon.gpu.GpuModel> catalog) {
        NvmlOptions nvml = NvmlOptions.defaults();
        if (options.nvmlLibrary != null) {
            nvml = nvml.withLibrary(options.nvmlLibrary);
        }
        // MIG instances as gpu:N/mig:K domains (the board's energy apportioned by compute slices), except with
        // --per-process, which NVML does not support on MIG.
        NvmlSensor.Builder builder = NvmlSensors.builder().options(nvml).migDomains(!options.perProcess);
        if (options.perProcess) {
            // This JVM and its descendants: the command runs as our child, so its whole process tree counts.
            builder.processShare(options.staticEnergyRule());
        }
        NvmlSensor gpus = builder.buildOrEmpty();
        if (gpus.unavailable().isPresent()) {
            notes.add("nvml: not used (" + Options.nvmlUnavailable(gpus.unavailable().get(),
                    options.verbose || options.json) + ")");
        } else if (gpus.domains().isEmpty()) {
            gpus.close();
            notes.add("nvml: not used (NVML sees no GPUs)");
        } else {
            sensors.add(gpus);
            // A domain unavailable from the start says why in the report, once; how a MIG instance's or a process's
            // share is apportioned is among the report's assumptions (in full with --verbose or --json).
            boolean inFull = options.verbose || options.json;
            notes.add("nvml: " + String.join(", ", gpus.domains().stream()
                    .map(d -> !d.parent().isEmpty() && !inFull ? d.id()
                            : d.id() + " " + withoutUnavailable(d.description())).toList()));
            for (SensorDomain d : gpus.domains()) {
                if (d.parent().isEmpty()) {
                    // The board domain's description starts with NVML's device name: "NVIDIA A100-SXM4-80GB (GPU-…)".
                    String name = d.description();
                    int cut = name.indexOf(" (");
                    dev.greenslice.carbon.gpu.GpuCatalog.forNvmlName(cut > 0 ? name.substring(0, cut) : name)
                            .ifPresent(m -> catalog.put(d.id(), m));
                }
            }
        }
    }

    /**
     * The best sensor for metering this JVM itself: RAPL's hardware counters where readable (the whole machine's
     * CPU energy, other processes included), else the CPU-time estimate of this process. No GPU domain: the study
     * runs on the CPU.
     */
    static SensorSelection forThisProcess() {
        try {
            RaplSensor rapl = RaplSensor.autodetect();
            List<String> notes = new ArrayList<>();
            notes.add(rapl.name() + ": " + rapl.domains().stream().map(SensorDomain::id).collect(Collectors.joining(", "))
                    + " (hardware counters of the whole machine, other processes included)");
            for (String n : rapl.notes()) {
                notes.add(rapl.name() + ": " + n);
            }
            return new SensorSelection(List.of(rapl), notes);
        } catch (RaplUnavailableException e) {
            CpuTimeSensor cpu = CpuTimeSensor.forThisProcess();
            return new SensorSelection(List.of(cpu), List.of("cpu-time: CPU time of this JVM x " + cpu.powerPerThread()
                    + " per hardware thread (an estimate; RAPL was not used: " + e.getMessage() + ")"));
        }
    }

    /**
     * The RAPL library speaks of its factory ({@code RaplSensor.at(path)}); the meter command offers the same as a
     * flag, so its messages name both, as they always have.
     */
    static String withMeterFlags(String raplMessage) {
        return raplMessage.replace("read it with RaplSensor.at(path)", "read it with RaplSensor.at(path) or --rapl-root");
    }

    private static String withoutUnavailable(String description) {
        int cut = description.indexOf("; unavailable: ");
        return cut < 0 ? description : description.substring(0, cut) + "; unavailable (the report says why)";
    }

    List<EnergySensor> sensors() {
        return sensors;
    }

    List<String> descriptions() {
        return descriptions;
    }
}
