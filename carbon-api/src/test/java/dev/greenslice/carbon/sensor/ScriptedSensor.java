package dev.greenslice.carbon.sensor;

import dev.greenslice.carbon.Clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;

/**
 * A deterministic sensor for tests: each domain's reading is a function of the clock's monotonic time
 * (cumulative joules for energy kinds, watts for power kinds), and faults can be injected per domain or
 * for the whole sensor. Shipped in the test-jar for other modules' tests.
 */
public final class ScriptedSensor implements EnergySensor {

    private final String name;
    private final Clock clock;
    private final List<SensorDomain> domains = new ArrayList<>();
    private final List<LongToDoubleFunction> functions = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private Duration maximumSamplingPeriod = Duration.ofSeconds(1);
    private Duration updatePeriod = Duration.ZERO;
    private RuntimeException failWholeRead;
    private boolean closed;
    private int reads;

    public ScriptedSensor(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
    }

    /** Adds a domain whose reading at monotonic time {@code t} (ns) is {@code f(t)}. */
    public ScriptedSensor domain(SensorDomain domain, LongToDoubleFunction f) {
        domains.add(domain);
        functions.add(f);
        failures.add(null);
        return this;
    }

    /** A root energy-counter domain drawing a constant power: joules = watts × seconds. */
    public ScriptedSensor constantPower(String id, double watts) {
        return domain(SensorDomain.root(id, ReadingKind.HARDWARE_ENERGY_COUNTER, "constant " + watts + " W"),
                t -> watts * t / 1e9);
    }

    public ScriptedSensor maximumSamplingPeriod(Duration d) {
        this.maximumSamplingPeriod = d;
        return this;
    }

    public ScriptedSensor updatePeriod(Duration d) {
        this.updatePeriod = d;
        return this;
    }

    /** From now on, domain {@code i} reads as unavailable with {@code reason} (null to heal). */
    public synchronized void fail(int i, String reason) {
        failures.set(i, reason);
    }

    /** From now on, every read throws {@code e} (null to heal). */
    public synchronized void failEveryRead(RuntimeException e) {
        this.failWholeRead = e;
    }

    public synchronized int reads() {
        return reads;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<SensorDomain> domains() {
        return List.copyOf(domains);
    }

    @Override
    public synchronized void read(SensorReadout readout) {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        reads++;
        if (failWholeRead != null) {
            throw failWholeRead;
        }
        long t = clock.monotonicNanos();
        for (int i = 0; i < domains.size(); i++) {
            if (failures.get(i) != null) {
                readout.unavailable(i, failures.get(i));
            } else if (domains.get(i).kind().isCumulativeEnergy()) {
                readout.energy(i, functions.get(i).applyAsDouble(t));
            } else {
                readout.power(i, functions.get(i).applyAsDouble(t));
            }
        }
    }

    @Override
    public Duration maximumSamplingPeriod() {
        return maximumSamplingPeriod;
    }

    @Override
    public Duration updatePeriod() {
        return updatePeriod;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
