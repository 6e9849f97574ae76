package dev.greenslice.carbon.gpu;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.UnavailableException;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.carbon.sensor.SensorBuilder;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link EnergySensor} over any {@link GpuDevice}s: one root domain per board ({@code gpu:N}), read
 * from the device's energy counter where it has one and from its power otherwise (then integrated by the
 * meter's sampler at {@code powerSamplingPeriod}).
 *
 * <pre>{@code
 * CarbonMeter.builder().sensor(GpuDeviceSensor.builder(gpus).open())...
 * }</pre>
 *
 * <p>Without devices (an empty list, say from a discovery that found no GPU), {@link Builder#open()} gives a
 * sensor with no domains whose {@link #unavailability()} says why; {@link Builder#openOrThrow()} throws
 * {@link UnavailableException} instead.
 *
 * <p>Device faults become unavailable readings with the device's message; the sensor never throws from
 * {@link #read}. It does not own the devices: {@link #close()} leaves them open. Not thread-safe for
 * concurrent reads (the meter serialises them).
 */
public final class GpuDeviceSensor implements EnergySensor {

    private final List<GpuDevice> devices;
    private final List<SensorDomain> domains;
    private final Duration powerSamplingPeriod;
    private final UnavailableException unavailable;
    private volatile boolean closed;

    private GpuDeviceSensor(List<GpuDevice> devices, Duration powerSamplingPeriod) {
        this(devices, powerSamplingPeriod, null);
    }

    private GpuDeviceSensor(List<GpuDevice> devices, Duration powerSamplingPeriod, UnavailableException unavailable) {
        this.devices = List.copyOf(devices);
        this.powerSamplingPeriod = powerSamplingPeriod;
        this.unavailable = unavailable;
        List<SensorDomain> ds = new ArrayList<>();
        for (GpuDevice d : this.devices) {
            ReadingKind kind = hasCounter(d) ? ReadingKind.HARDWARE_ENERGY_COUNTER : ReadingKind.POWER_SAMPLE;
            ds.add(SensorDomain.root(d.id(), kind, d.name() + " (" + d.uuid() + ")"));
        }
        this.domains = List.copyOf(ds);
    }

    /**
     * A builder for a sensor over {@code devices}, one root domain each ({@link GpuDevice#id()}), sampling
     * power-only devices once a second unless set otherwise.
     *
     * @param devices the devices; an empty list gives an unavailable sensor ({@link Builder#open()}) or an
     *                {@link UnavailableException} ({@link Builder#openOrThrow()})
     * @return the builder
     */
    public static Builder builder(List<? extends GpuDevice> devices) {
        return new Builder(devices);
    }

    /**
     * A sensor over {@code devices}, sampling power once a second where a device has no energy counter.
     *
     * @param devices the devices, one root domain each ({@link GpuDevice#id()}); not empty
     * @return the sensor; closing it does not close the devices
     * @throws IllegalArgumentException for an empty list
     * @deprecated use {@code GpuDeviceSensor.builder(devices).open()}, as every sensor is opened
     */
    @Deprecated(since = "0.2.0")
    public static GpuDeviceSensor of(List<? extends GpuDevice> devices) {
        return of(devices, Duration.ofSeconds(1));
    }

    /**
     * A sensor over {@code devices}, sampling power-only devices at the given period.
     *
     * @param devices             the devices, one root domain each ({@link GpuDevice#id()}); not empty
     * @param powerSamplingPeriod how often power-only devices are sampled; positive
     * @return the sensor; closing it does not close the devices
     * @throws IllegalArgumentException for an empty list or a zero or negative period
     * @deprecated use {@code GpuDeviceSensor.builder(devices).powerSamplingPeriod(period).open()}, as every
     *             sensor is opened
     */
    @Deprecated(since = "0.2.0")
    public static GpuDeviceSensor of(List<? extends GpuDevice> devices, Duration powerSamplingPeriod) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("A GPU sensor needs at least one device");
        }
        return new GpuDeviceSensor(List.copyOf(devices), requirePositive(powerSamplingPeriod));
    }

    private static Duration requirePositive(Duration powerSamplingPeriod) {
        Objects.requireNonNull(powerSamplingPeriod, "powerSamplingPeriod");
        if (powerSamplingPeriod.isZero() || powerSamplingPeriod.isNegative()) {
            throw new IllegalArgumentException("powerSamplingPeriod must be positive, got " + powerSamplingPeriod);
        }
        return powerSamplingPeriod;
    }

    private static boolean hasCounter(GpuDevice d) {
        try {
            return d.totalEnergy().isPresent();
        } catch (GpuDeviceException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return unavailable == null ? "gpu-device" : "gpu-device (unavailable)";
    }

    /** Present when the sensor was opened without devices. */
    @Override
    public Optional<UnavailableException> unavailability() {
        return Optional.ofNullable(unavailable);
    }

    /** Why the sensor has no domains, when it was opened without devices; otherwise none. */
    @Override
    public List<Assumption> assumptions() {
        return unavailable == null ? List.of() : List.of(Assumption.of("GPUs", "not metered", unavailable.getMessage()));
    }

    @Override
    public List<SensorDomain> domains() {
        return domains;
    }

    @Override
    public void read(SensorReadout readout) {
        if (closed) {
            throw new IllegalStateException("GPU sensor is closed");
        }
        for (int i = 0; i < devices.size(); i++) {
            GpuDevice d = devices.get(i);
            try {
                if (domains.get(i).kind().isCumulativeEnergy()) {
                    Optional<dev.greenslice.carbon.Energy> e = d.totalEnergy();
                    if (e.isPresent()) {
                        readout.energy(i, e.get().toJoules());
                    } else {
                        readout.unavailable(i, d.id() + ": energy counter no longer reported");
                    }
                } else {
                    readout.power(i, d.power().toWatts());
                }
            } catch (RuntimeException e) {
                readout.unavailable(i, e.getMessage());
            }
        }
    }

    @Override
    public Duration maximumSamplingPeriod() {
        for (SensorDomain d : domains) {
            if (!d.kind().isCumulativeEnergy()) {
                return powerSamplingPeriod;
            }
        }
        return Duration.ofMinutes(1);
    }

    @Override
    public void close() {
        closed = true;
    }

    /**
     * Configures and opens a {@link GpuDeviceSensor}. Each setting is checked as it is set. Not thread-safe;
     * build on one thread.
     */
    public static final class Builder implements SensorBuilder<GpuDeviceSensor> {
        private final List<GpuDevice> devices;
        private Duration powerSamplingPeriod = Duration.ofSeconds(1);

        private Builder(List<? extends GpuDevice> devices) {
            Objects.requireNonNull(devices, "devices");
            this.devices = List.copyOf(devices);
        }

        /**
         * How often power-only devices are sampled (and their power integrated); 1 s by default.
         *
         * @param period positive
         * @return this builder
         * @throws IllegalArgumentException for a zero or negative period
         */
        public Builder powerSamplingPeriod(Duration period) {
            this.powerSamplingPeriod = requirePositive(period);
            return this;
        }

        /**
         * Opens the sensor; without devices it has no domains and {@link GpuDeviceSensor#unavailability()} says
         * so. Closing the sensor does not close the devices.
         *
         * @return the sensor
         */
        @Override
        public GpuDeviceSensor open() {
            if (devices.isEmpty()) {
                return new GpuDeviceSensor(List.of(), powerSamplingPeriod, new UnavailableException("GPUs",
                        "No GPU device was given to GpuDeviceSensor.builder(devices), so no GPU is metered."
                                + " Fix: give the devices to meter (e.g. those Nvml.open() lists)"));
            }
            return new GpuDeviceSensor(devices, powerSamplingPeriod);
        }
    }
}
