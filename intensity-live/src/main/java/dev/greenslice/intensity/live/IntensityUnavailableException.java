package dev.greenslice.intensity.live;

import dev.greenslice.carbon.UnavailableException;

/**
 * Thrown by a live intensity source when it has no value for an instant: the provider failed (the message says
 * how, without credentials), no earlier value was ever fetched, and no fallback source was configured.
 *
 * <p>Configure a fallback on the builder ({@code .fallback(CarbonIntensities.of(EnergySource.GAS))}) to get a
 * flagged fallback figure instead.
 *
 * <p>Unchecked, as every {@link UnavailableException} (GreenSlice's one "not available" idiom); still an
 * {@link IllegalStateException}, as in 0.1. {@link #what()} is {@code "carbon intensity"}.
 */
public final class IntensityUnavailableException extends UnavailableException {

    private static final long serialVersionUID = 1L;

    IntensityUnavailableException(String message) {
        super("carbon intensity", message);
    }
}
