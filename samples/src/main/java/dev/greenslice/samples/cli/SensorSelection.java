package dev.greenslice.samples.cli;

import dev.greenslice.carbon.sensor.CpuTimeSensor;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.nvml.NvmlOptions;
import dev.greenslice.nvml.NvmlSensor;
import dev.greenslice.nvml.NvmlSensors;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the best sensors this machine offers for metering a command, and says why each was or was not
 * used: hardware counters where readable, the CPU-time estimate of the command's processes otherwise, and
 * one energy domain per NVIDIA GPU where NVML is available.
 */
final class SensorSelection {

    private final List<EnergySensor> sensors;
    private final List<String> descriptions;

    private SensorSelection(List<EnergySensor> sensors, List<String> descriptions) {
        this.sensors = List.copyOf(sensors);
        this.descriptions = List.copyOf(descriptions);
    }

    static SensorSelection forCommand(MeterCommand options) {
        List<EnergySensor> sensors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        CpuTimeSensor cpu = CpuTimeSensor.forChildProcesses();
        sensors.add(cpu);
        notes.add("cpu-time: CPU time of the command's processes × " + cpu.powerPerThread()
                + " per hardware thread (an estimate; RAPL was not used)");
        addGpus(options, sensors, notes);
        return new SensorSelection(sensors, notes);
    }

    /** One domain per physical NVIDIA GPU (gpu:0, gpu:1, ...); without NVML the meter goes on without them. */
    private static void addGpus(MeterCommand options, List<EnergySensor> sensors, List<String> notes) {
        NvmlOptions nvml = NvmlOptions.defaults();
        if (options.nvmlLibrary != null) {
            nvml = nvml.withLibrary(options.nvmlLibrary);
        }
        NvmlSensor gpus = NvmlSensors.builder().options(nvml).migDomains(false).buildOrEmpty();
        if (gpus.unavailable().isPresent()) {
            notes.add("nvml: not used (" + gpus.unavailable().get().message() + ")");
        } else if (gpus.domains().isEmpty()) {
            gpus.close();
            notes.add("nvml: not used (NVML sees no GPUs)");
        } else {
            sensors.add(gpus);
            notes.add("nvml: " + String.join(", ", gpus.domains().stream()
                    .map(d -> d.id() + " " + d.description()).toList()));
        }
    }

    List<EnergySensor> sensors() {
        return sensors;
    }

    List<String> descriptions() {
        return descriptions;
    }
}
