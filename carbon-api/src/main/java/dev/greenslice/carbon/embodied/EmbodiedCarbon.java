package dev.greenslice.carbon.embodied;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.gpu.GpuModel;

import java.time.Duration;

/**
 * The embodied (manufacturing) carbon of a device and its attribution to a period of use:
 * {@code (T / lifetime) × footprint × share}, where share is 1 for a whole device (customer-based
 * accounting, as in the co-location study) or the reserved fraction (SCI resource-share: MIG compute
 * slices / 7).
 *
 * <p>{@link #act(GpuModel)} gives the ACT model (Gupta et al., ISCA 2022) of a catalog GPU with the
 * co-location study's parameters; {@link #act(GpuModel, ActParameters, Duration)} takes your own. A year
 * is 365 days (8,760 h) throughout.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface EmbodiedCarbon {

    /** The default service lifetime: 5 years of 365 days (43,800 h), as the study and SCI examples use. */
    Duration DEFAULT_LIFETIME = Duration.ofDays(5 * 365);

    /**
     * The ACT footprint of {@code gpu} with the study's parameters ({@link ActParameters#study()}),
     * amortised over {@link #DEFAULT_LIFETIME}.
     *
     * @param gpu a catalog GPU (its die must sit on an ACT process row)
     * @return the embodied carbon model
     * @throws IllegalArgumentException for a die on a process row ACT lacks
     */
    static EmbodiedCarbon act(GpuModel gpu) {
        return act(gpu, ActParameters.study(), DEFAULT_LIFETIME);
    }

    /**
     * The ACT footprint of {@code gpu}: die area × (fab grid × EPA + GPA + MPA) / yield + memory GB ×
     * carbon per GB (+ packaging). The low/high range takes every uncertain input at its low-carbon and
     * high-carbon end at once: the fab grid over {@code parameters.rangeGrids()}, gas abatement (ACT's 99 % and
     * 95 % tables), carbon per die area (imec.netzero's figure where lower), yield (1 down to Murphy's model at
     * 0.1 defects/cm²), memory per GB (ACT's DRAM rows from lpddr4 to ddr3_30nm, since ACT has no HBM or GDDR
     * row) and packaging (ACT's 150 g per packaged IC); so low &lt; value &lt; high. Every input and every bound
     * is listed in {@link EmbodiedFootprint#parameters()} with its source.
     *
     * @param gpu        a catalog GPU (its die must sit on an ACT process row)
     * @param parameters the fab, memory and packaging parameters
     * @param lifetime   the service lifetime the footprint is amortised over, positive
     * @return the embodied carbon model; the footprint is computed once, here
     * @throws IllegalArgumentException for a non-positive lifetime or a die on a process row ACT lacks
     */
    static EmbodiedCarbon act(GpuModel gpu, ActParameters parameters, Duration lifetime) {
        return new ActEmbodiedCarbon(gpu, parameters, lifetime);
    }

    /**
     * A lifetime of {@code years} years of 365 days.
     *
     * @param years the service life in years, e.g. 4.5; at most 100
     * @return the lifetime, to the second
     * @throws IllegalArgumentException unless {@code years} is positive and at most 100
     */
    static Duration years(double years) {
        if (!(years > 0) || years > 100) {
            throw new IllegalArgumentException("A lifetime must be a positive number of years (at most 100), got "
                    + years);
        }
        return Duration.ofSeconds(Math.round(years * 365 * 86_400));
    }

    /** @return the device's manufacturing footprint */
    EmbodiedFootprint footprint();

    /** @return the service lifetime the footprint is amortised over */
    Duration lifetime();

    /**
     * The embodied carbon attributed to using {@code share} of the device for {@code duration}.
     *
     * @param duration time in use, {@code >= 0}
     * @param share    fraction of the device reserved, in (0, 1]
     * @return footprint × (duration / lifetime) × share, with the footprint's range scaled alike
     * @throws IllegalArgumentException for a negative duration or a share outside (0, 1]
     */
    default CarbonFigure attribute(Duration duration, double share) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("Duration of use must not be negative, got " + duration);
        }
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("Share of the device must be in (0, 1], got " + share);
        }
        // Seconds as doubles: toNanos() would overflow past 292 years.
        double fraction = seconds(duration) / seconds(lifetime());
        return footprint().carbon().times(fraction * share);
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }
}
