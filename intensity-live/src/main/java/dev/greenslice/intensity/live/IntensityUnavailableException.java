package dev.greenslice.intensity.live;

/**
 * Thrown by a live intensity source when it has no value for an instant: the provider failed (the message says
 * how, without credentials), no earlier value was ever fetched, and no fallback source was configured.
 *
 * <p>Configure a fallback on the builder ({@code .fallback(CarbonIntensities.of(EnergySource.GAS))}) to get a
 * flagged fallback figure instead.
 */
public final class IntensityUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    IntensityUnavailableException(String message) {
        super(message);
    }
}
