package dev.greenslice.carbon.sensor;

import dev.greenslice.carbon.UnavailableException;

/**
 * The one way to obtain an {@link EnergySensor}: every sensor's {@code builder(…)} returns one of these, and the
 * caller chooses how a machine without the hardware is handled.
 *
 * <ul>
 *   <li>{@link #open()} goes on without it: the sensor has no domains, {@link EnergySensor#unavailability()}
 *       says why, and so does every report of a meter holding it. Use it where a missing sensor should not stop
 *       the program (the README's examples, a server that meters what it can).</li>
 *   <li>{@link #openOrThrow()} throws {@link UnavailableException} (unchecked), naming what was tried, why it
 *       failed and the fix. Use it where a figure without that sensor would be wrong (a benchmark of RAPL).</li>
 * </ul>
 *
 * <p>Settings are checked as they are set: a bad setting throws {@link IllegalArgumentException} at once, so
 * neither form fails for a setting. Builders are not thread-safe; build on one thread. Each call opens a new
 * sensor, which the caller (or the meter it is given to) closes.
 *
 * @param <S> the sensor type
 */
public interface SensorBuilder<S extends EnergySensor> {

    /**
     * Opens the sensor, going on without its hardware: then the sensor has no domains and
     * {@link EnergySensor#unavailability()} says why. Never throws for missing hardware, drivers, permissions
     * or servers.
     *
     * @return the sensor; close it (or the meter it is given to) when done
     */
    S open();

    /**
     * Opens the sensor, or throws if it would be unavailable.
     *
     * @return a sensor that reads its domains; close it (or the meter it is given to) when done
     * @throws UnavailableException naming what was tried, why it failed and how to fix it
     */
    default S openOrThrow() {
        S sensor = open();
        UnavailableException why = sensor.unavailability().orElse(null);
        if (why != null) {
            sensor.close();
            throw why;
        }
        return sensor;
    }
}
