package dev.greenslice.test.sensor;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongToDoubleFunction;

/**
 * A deterministic sensor for tests: each domain's reading is a function of the clock's monotonic time
 * (cumulative joules for energy kinds, watts for power kinds), and faults can be injected per domain or
 * for the whole sensor.
 *
 * <pre>{@code
 * MockClock clock = new MockClock();
 * ScriptedSensor gpu = new ScriptedSensor("scripted", clock).constantPower("gpu:0", 250);
 * try (CarbonMeter meter = CarbonMeter.builder().sensor(gpu).clock(clock).synchronous().build()) { ... }
 * }</pre>
 *
 * <p>Configure it (domains, periods) before handing it to a meter; from then on it is thread-safe: reads, fault
 * injection and {@link #reads()} serialize on the sensor. A read after {@link #close()} throws
 * {@link IllegalStateException}, as the sensor contract requires.
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

    /**
     * A sensor without domains yet.
     *
     * @param name  the sensor's name
     * @param clock the clock whose monotonic time the domains' functions take
     */
    public ScriptedSensor(String name, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds a domain whose reading at monotonic time {@code t} is {@code f(t)}.
     *
     * @param domain the domain
     * @param f      its reading (joules for cumulative kinds, watts for power kinds) at monotonic nanoseconds
     * @return this sensor
     */
    public synchronized ScriptedSensor domain(SensorDomain domain, LongToDoubleFunction f) {
        domains.add(Objects.requireNonNull(domain, "domain"));
        functions.add(Objects.requireNonNull(f, "f"));
        failures.add(null);
        return this;
    }

    /**
     * Adds a root energy-counter domain drawing a constant power: joules = watts × seconds of monotonic time.
     *
     * @param id    the domain's id, e.g. {@code gpu:0}
     * @param watts the power, in watts
     * @return this sensor
     */
    public ScriptedSensor constantPower(String id, double watts) {
        return domain(SensorDomain.root(id, ReadingKind.HARDWARE_ENERGY_COUNTER, "constant " + watts + " W"),
                t -> watts * t / 1e9);
    }

    /**
     * Sets what {@link #maximumSamplingPeriod()} says (default 1 s).
     *
     * @param d the period
     * @return this sensor
     */
    public synchronized ScriptedSensor maximumSamplingPeriod(Duration d) {
        this.maximumSamplingPeriod = Objects.requireNonNull(d, "maximumSamplingPeriod");
        return this;
    }

    /**
     * Sets what {@link #updatePeriod()} says (default zero: continuous).
     *
     * @param d the period
     * @return this sensor
     */
    public synchronized ScriptedSensor updatePeriod(Duration d) {
        this.updatePeriod = Objects.requireNonNull(d, "updatePeriod");
        return this;
    }

    /**
     * From now on, domain {@code i} reads as unavailable with {@code reason} (null to heal).
     *
     * @param i      the domain's index, in the order added
     * @param reason why it is unavailable, or null to heal it
     */
    public synchronized void fail(int i, String reason) {
        failures.set(i, reason);
    }

    /**
     * From now on, every read throws {@code e} (null to heal).
     *
     * @param e what every read throws, or null
     */
    public synchronized void failEveryRead(RuntimeException e) {
        this.failWholeRead = e;
    }

    /** @return how many times {@link #read} was called while open, failed reads included */
    public synchronized int reads() {
        return reads;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized List<SensorDomain> domains() {
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
    public synchronized Duration maximumSamplingPeriod() {
        return maximumSamplingPeriod;
    }

    @Override
    public synchronized Duration updatePeriod() {
        return updatePeriod;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
