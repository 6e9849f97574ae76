package dev.greenslice.carbon.gpu;

import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@link EnergySensor} over any {@link GpuDevice}s: one root domain per board ({@code gpu:N}), read
 * from the device's energy counter where it has one and from its power otherwise (then integrated by the
 * meter's sampler at {@code powerSamplingPeriod}).
 *
 * <p>Device faults become unavailable readings with the device's message; the sensor never throws from
 * {@link #read}. It does not own the devices: {@link #close()} leaves them open. Not thread-safe for
 * concurrent reads (the meter serialises them).
 */
public final class GpuDeviceSensor implements EnergySensor {

    private final List<GpuDevice> devices;
    private final List<SensorDomain> domains;
    private final Duration powerSamplingPeriod;
    private volatile boolean closed;

    private GpuDeviceSensor(List<GpuDevice> devices, Duration powerSamplingPeriod) {
        this.devices = List.copyOf(devices);
        this.powerSamplingPeriod = powerSamplingPeriod;
        List<SensorDomain> ds = new ArrayList<>();
        for (GpuDevice d : this.devices) {
            ReadingKind kind = hasCounter(d) ? ReadingKind.HARDWARE_ENERGY_COUNTER : ReadingKind.POWER_SAMPLE;
            ds.add(SensorDomain.root(d.id(), kind, d.name() + " (" + d.uuid() + ")"));
        }
        this.domains = List.copyOf(ds);
    }

    /**
     * A sensor over {@code devices}, sampling power once a second where a device has no energy counter.
     *
     * @param devices the devices, one root domain each ({@link GpuDevice#id()}); not empty
     * @return the sensor; closing it does not close the devices
     * @throws IllegalArgumentException for an empty list
     */
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
     */
    public static GpuDeviceSensor of(List<? extends GpuDevice> devices, Duration powerSamplingPeriod) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("A GPU sensor needs at least one device");
        }
        if (powerSamplingPeriod.isZero() || powerSamplingPeriod.isNegative()) {
            throw new IllegalArgumentException("powerSamplingPeriod must be positive, got " + powerSamplingPeriod);
        }
        return new GpuDeviceSensor(List.copyOf(devices), powerSamplingPeriod);
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
        return "gpu-device";
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
}
