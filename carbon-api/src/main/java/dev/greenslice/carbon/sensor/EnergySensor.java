package dev.greenslice.carbon.sensor;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.UnavailableException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The sensor SPI: a source of cumulative energy (or power) readings for one or more
 * {@linkplain SensorDomain domains}.
 *
 * <p>Implementations: RAPL (rapl module), NVML (nvml-jna module), {@link CpuTimeSensor} (here, works
 * everywhere), and any {@link dev.greenslice.carbon.gpu.GpuDevice} through
 * {@link dev.greenslice.carbon.gpu.GpuDeviceSensor}. Every implementation passes the contract test kit
 * shipped in the greenslice-test artifact ({@code dev.greenslice.test.sensor.EnergySensorContract}).
 *
 * <p><b>Obtaining one.</b> Every sensor in GreenSlice is obtained the same way: {@code XSensor.builder(…)}, its
 * settings, then {@link SensorBuilder#open()}, which goes on without the hardware (the sensor then has no
 * domains and {@link #unavailability()} says why, as does every report of a meter holding it), or
 * {@link SensorBuilder#openOrThrow()}, which throws {@link UnavailableException} instead.
 *
 * <p><b>Failure behaviour.</b> A fault in one domain is reported in the readout with a reason
 * ({@link SensorReadout#unavailable}) and never thrown; {@link #read} throws only if the sensor as a whole
 * is broken, and the meter then marks all its domains unavailable and carries on.
 *
 * <p><b>Threading.</b> The meter never calls {@link #read} on one sensor from two threads at once, so
 * implementations need not synchronise it. {@link #close()} is idempotent.
 */
public interface EnergySensor extends AutoCloseable {

    /** @return a short name for reports, e.g. {@code "rapl (powercap)"}, {@code "nvml"}, {@code "cpu-time"} */
    String name();

    /** @return the domains this sensor reads, fixed for its lifetime; ids are unique */
    List<SensorDomain> domains();

    /**
     * Reads every domain into {@code readout}: cumulative joules for energy kinds, watts for power kinds.
     * A domain that cannot be read is marked {@link SensorReadout#unavailable} with the reason rather than
     * thrown (see the failure behaviour above).
     *
     * @param readout the buffer to fill, sized to {@link #domains()}; cleared by the caller
     * @throws IllegalStateException if called after {@link #close()}
     */
    void read(SensorReadout readout);

    /**
     * The longest interval between reads that still yields correct energy: half the wraparound period of
     * a counter at its maximum power, or the integration step for power-only domains. The meter's sampler
     * runs at least this often.
     *
     * @return the period; 1 s unless the sensor says otherwise
     */
    default Duration maximumSamplingPeriod() {
        return Duration.ofSeconds(1);
    }

    /**
     * How often the hardware refreshes its reading; windows shorter than this are flagged in reports
     * because their edges may see the same value.
     *
     * @return the period; {@link Duration#ZERO} (the default) if the reading is continuous
     */
    default Duration updatePeriod() {
        return Duration.ZERO;
    }

    /**
     * What the readings assume, for reports: e.g. the per-core power an estimate uses, or the rule that
     * apportions a board's energy among MIG instances.
     *
     * @return the assumptions; empty (the default) for plain hardware counters
     */
    default List<Assumption> assumptions() {
        return List.of();
    }

    /**
     * Why this sensor reads nothing: present when it was opened ({@link SensorBuilder#open()}) on a machine
     * without its hardware, driver or server. Such a sensor has no domains, and a meter holding it says this
     * exception's message in every report's warnings. {@link SensorBuilder#openOrThrow()} throws the same
     * exception instead of returning the sensor.
     *
     * @return why the sensor is unavailable; empty (the default) for a sensor that reads its domains
     */
    default Optional<UnavailableException> unavailability() {
        return Optional.empty();
    }

    /** Releases what the sensor holds. Idempotent; never throws. */
    @Override
    void close();
}
