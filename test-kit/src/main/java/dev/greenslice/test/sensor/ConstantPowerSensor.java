package dev.greenslice.test.sensor;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;

import java.util.List;
import java.util.Objects;

/**
 * An in-memory sensor: one energy-counter domain that advances at a constant power over a clock's monotonic
 * time, with no I/O and no lock, so that a benchmark of the meter measures the meter and not the sensor.
 *
 * <p>Energy is {@code watts × (t − t0)} joules, {@code t0} the clock's reading at {@link #of}. Thread-safe
 * (immutable but for the closed flag); a read after {@link #close()} throws {@link IllegalStateException}.
 * For faults, several domains or readings that are functions of time, use {@link ScriptedSensor}.
 */
public final class ConstantPowerSensor implements EnergySensor {

    private final List<SensorDomain> domains;
    private final Clock clock;
    private final double watts;
    private final long origin;
    private volatile boolean closed;

    private ConstantPowerSensor(String domainId, Power power, Clock clock) {
        this.domains = List.of(SensorDomain.root(domainId, ReadingKind.HARDWARE_ENERGY_COUNTER,
                "in-memory " + power.watts() + " W"));
        this.clock = clock;
        this.watts = power.watts();
        this.origin = clock.monotonicNanos();
    }

    /**
     * A sensor of one domain drawing {@code power}.
     *
     * @param domainId the domain's id, e.g. {@code gpu:0}
     * @param power    the constant power; not negative
     * @param clock    whose monotonic time the energy integrates over ({@link Clock#system()} in benchmarks)
     * @return a new, open sensor
     * @throws IllegalArgumentException if the power is negative or not finite
     */
    public static ConstantPowerSensor of(String domainId, Power power, Clock clock) {
        Objects.requireNonNull(domainId, "domainId");
        Objects.requireNonNull(clock, "clock");
        if (!(power.watts() >= 0) || Double.isInfinite(power.watts())) {
            throw new IllegalArgumentException("A constant-power sensor needs a finite power of 0 W or more; got "
                    + power.watts() + " W");
        }
        return new ConstantPowerSensor(domainId, power, clock);
    }

    @Override
    public String name() {
        return "in-memory";
    }

    @Override
    public List<SensorDomain> domains() {
        return domains;
    }

    @Override
    public void read(SensorReadout readout) {
        if (closed) {
            throw new IllegalStateException("in-memory sensor is closed");
        }
        readout.energy(0, watts * (clock.monotonicNanos() - origin) / 1e9);
    }

    @Override
    public void close() {
        closed = true;
    }
}
