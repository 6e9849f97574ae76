package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.intensity.EnergySource;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One point of a {@link SharingSweep}: a model pair at one load share and energy source, shared on one GPU
 * (the best MIG layout and clock for carbon) against a GPU per model (each at its best clock). Immutable.
 */
public final class SweepPoint {
    private final String pair;
    private final double loadShare;
    private final EnergySource source;
    private final double sharedOperationalGrams;
    private final double sharedEmbodiedGrams;
    private final double dedicatedOperationalGrams;
    private final double dedicatedEmbodiedGrams;
    private final String sharedLayout;
    private final int sharedClockMhz;
    private final List<Integer> dedicatedClocksMhz;
    private final boolean slosMet;
    private final String note;

    /**
     * Checks the components.
     *
     * @param pair the pair's name, e.g. {@code "gpt+diffusion_256_256"}
     * @param loadShare Poisson load as a share of each model's peak throughput
     * @param source the grid's energy source
     * @param sharedOperationalGrams operational carbon of the shared GPU, in gCO2e
     * @param sharedEmbodiedGrams embodied carbon of the shared GPU, in gCO2e
     * @param dedicatedOperationalGrams operational carbon of the two dedicated GPUs, in gCO2e
     * @param dedicatedEmbodiedGrams embodied carbon of the two dedicated GPUs, in gCO2e
     * @param sharedLayout the shared GPU's instances and models, e.g. {@code "4g.40gb@0: gpt, 3g.40gb@4: …"}
     * @param sharedClockMhz the shared GPU's SM clock, in MHz
     * @param dedicatedClocksMhz each dedicated GPU's SM clock, in MHz
     * @param slosMet whether both variants meet every SLO; if not, both were planned with the SLOs waived, and {@code note} says which side could not meet them
     * @param note why SLOs were waived, or empty
     * @throws IllegalArgumentException for a component outside its range (see above), naming it
     */
    SweepPoint(String pair, double loadShare, EnergySource source, double sharedOperationalGrams,
            double sharedEmbodiedGrams, double dedicatedOperationalGrams, double dedicatedEmbodiedGrams,
            String sharedLayout, int sharedClockMhz, List<Integer> dedicatedClocksMhz, boolean slosMet, String note) {
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sharedLayout, "sharedLayout");
        dedicatedClocksMhz = List.copyOf(dedicatedClocksMhz);
        Objects.requireNonNull(note, "note");
        this.pair = pair;
        this.loadShare = loadShare;
        this.source = source;
        this.sharedOperationalGrams = sharedOperationalGrams;
        this.sharedEmbodiedGrams = sharedEmbodiedGrams;
        this.dedicatedOperationalGrams = dedicatedOperationalGrams;
        this.dedicatedEmbodiedGrams = dedicatedEmbodiedGrams;
        this.sharedLayout = sharedLayout;
        this.sharedClockMhz = sharedClockMhz;
        this.dedicatedClocksMhz = dedicatedClocksMhz;
        this.slosMet = slosMet;
        this.note = note;
    }

    /** @return total carbon of the shared GPU, in gCO2e */
    public double sharedGrams() {
        return sharedOperationalGrams + sharedEmbodiedGrams;
    }

    /** @return total carbon of the dedicated GPUs, in gCO2e */
    public double dedicatedGrams() {
        return dedicatedOperationalGrams + dedicatedEmbodiedGrams;
    }

    /** @return what sharing saves against dedicated GPUs, in gCO2e; negative where sharing loses */
    public double marginGrams() {
        return dedicatedGrams() - sharedGrams();
    }

    /** @return the margin as a share of the dedicated carbon */
    public double relativeMargin() {
        return marginGrams() / dedicatedGrams();
    }

    /** @return whether sharing emits less */
    public boolean sharingWins() {
        return marginGrams() > 0;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%-34s load %4.0f%% %-10s shared %9.3f g (%s @ %d MHz) dedicated %9.3f g"
                        + " -> sharing %s by %8.3f g (%5.1f%%)%s", pair, loadShare * 100, source.cliName(),
                sharedGrams(), sharedLayout, sharedClockMhz, dedicatedGrams(), sharingWins() ? "wins" : "loses",
                Math.abs(marginGrams()), 100 * Math.abs(relativeMargin()), slosMet ? "" : " [SLOs waived: " + note + "]");
    }

    /** @return the pair's name, e.g. {@code "gpt+diffusion_256_256"} */
    public String pair() {
        return pair;
    }

    /** @return Poisson load as a share of each model's peak throughput */
    public double loadShare() {
        return loadShare;
    }

    /** @return the grid's energy source */
    public EnergySource source() {
        return source;
    }

    /** @return operational carbon of the shared GPU, in gCO2e */
    public double sharedOperationalGrams() {
        return sharedOperationalGrams;
    }

    /** @return embodied carbon of the shared GPU, in gCO2e */
    public double sharedEmbodiedGrams() {
        return sharedEmbodiedGrams;
    }

    /** @return operational carbon of the two dedicated GPUs, in gCO2e */
    public double dedicatedOperationalGrams() {
        return dedicatedOperationalGrams;
    }

    /** @return embodied carbon of the two dedicated GPUs, in gCO2e */
    public double dedicatedEmbodiedGrams() {
        return dedicatedEmbodiedGrams;
    }

    /** @return the shared GPU's instances and models, e.g. {@code "4g.40gb@0: gpt, 3g.40gb@4: …"} */
    public String sharedLayout() {
        return sharedLayout;
    }

    /** @return the shared GPU's SM clock, in MHz */
    public int sharedClockMhz() {
        return sharedClockMhz;
    }

    /** @return each dedicated GPU's SM clock, in MHz */
    public List<Integer> dedicatedClocksMhz() {
        return dedicatedClocksMhz;
    }

    /**
     * @return whether both variants meet every SLO; if not, both were planned with the SLOs waived, and {@code note}
     *         says which side could not meet them
     */
    public boolean slosMet() {
        return slosMet;
    }

    /** @return why SLOs were waived, or empty */
    public String note() {
        return note;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof SweepPoint)) {
            return false;
        }
        SweepPoint o = (SweepPoint) other;
        return Objects.equals(pair, o.pair)
                && Double.compare(loadShare, o.loadShare) == 0
                && Objects.equals(source, o.source)
                && Double.compare(sharedOperationalGrams, o.sharedOperationalGrams) == 0
                && Double.compare(sharedEmbodiedGrams, o.sharedEmbodiedGrams) == 0
                && Double.compare(dedicatedOperationalGrams, o.dedicatedOperationalGrams) == 0
                && Double.compare(dedicatedEmbodiedGrams, o.dedicatedEmbodiedGrams) == 0
                && Objects.equals(sharedLayout, o.sharedLayout)
                && sharedClockMhz == o.sharedClockMhz
                && Objects.equals(dedicatedClocksMhz, o.dedicatedClocksMhz)
                && slosMet == o.slosMet
                && Objects.equals(note, o.note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pair, loadShare, source, sharedOperationalGrams, sharedEmbodiedGrams,
                dedicatedOperationalGrams, dedicatedEmbodiedGrams, sharedLayout, sharedClockMhz, dedicatedClocksMhz,
                slosMet, note);
    }
}
