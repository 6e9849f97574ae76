package dev.greenslice.benchmarks.meter;

import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;

import java.util.List;

/** A sensor with no I/O: a GPU-like counter advancing at 250 W of wall time, so benchmarks measure the meter. */
final class InMemorySensor implements EnergySensor {

    private static final List<SensorDomain> DOMAINS = List.of(
            SensorDomain.root("gpu:0", ReadingKind.HARDWARE_ENERGY_COUNTER, "in-memory 250 W"));
    private final long origin = System.nanoTime();

    @Override
    public String name() {
        return "in-memory";
    }

    @Override
    public List<SensorDomain> domains() {
        return DOMAINS;
    }

    @Override
    public void read(SensorReadout readout) {
        readout.energy(0, 250.0 * (System.nanoTime() - origin) / 1e9);
    }

    @Override
    public void close() {
    }
}
