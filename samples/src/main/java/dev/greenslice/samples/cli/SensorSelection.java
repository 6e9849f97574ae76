package dev.greenslice.samples.cli;

import dev.greenslice.carbon.sensor.CpuTimeSensor;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.rapl.RaplSensor;
import dev.greenslice.rapl.RaplUnavailableException;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Chooses the best sensors this machine offers for metering a command, and says why each was or was not
 * used: hardware counters where readable (RAPL: CPU package, core, uncore, DRAM and psys energy of the whole
 * machine), the CPU-time estimate of the command's processes otherwise.
 */
final class SensorSelection {

    private final List<EnergySensor> sensors;
    private final List<String> descriptions;

    private SensorSelection(List<EnergySensor> sensors, List<String> descriptions) {
        this.sensors = List.copyOf(sensors);
        this.descriptions = List.copyOf(descriptions);
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
                        "--rapl-root " + options.raplRoot + ": " + e.getMessage());
            }
            raplWhyNot = null;
        } else {
            try {
                rapl = RaplSensor.autodetect();
                raplWhyNot = null;
            } catch (RaplUnavailableException e) {
                raplWhyNot = e.getMessage();
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
                    + " per hardware thread (an estimate; RAPL was not used: " + raplWhyNot + ")");
        }
        return new SensorSelection(sensors, notes);
    }

    List<EnergySensor> sensors() {
        return sensors;
    }

    List<String> descriptions() {
        return descriptions;
    }
}
