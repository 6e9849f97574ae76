package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.sensor.ReadingKind;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The energy of one sensor domain during a window, or why it is unavailable. Never a silent zero: a
 * domain that could not be read has an empty {@link #energy()} and a {@link #unavailableReason()}. A domain
 * lost during the window (a GPU that fell off the bus) keeps the energy measured up to the loss and is
 * {@linkplain #isPartial() partial}, with the reason in {@link #partialReason()}. Immutable.
 */
public final class DomainEnergy {
    private final String domain;
    private final String parent;
    private final ReadingKind kind;
    private final String sensor;
    private final Optional<Energy> energy;
    private final Optional<String> unavailableReason;
    private final List<String> notes;
    private final Optional<String> partialReason;

    /**
     * One domain's figure over the whole window (not partial); the notes are copied.
     *
     * @param domain            the domain id, e.g. {@code gpu:0}
     * @param parent            the enclosing domain's id, or {@code ""} for a root (only roots add up to totals)
     * @param kind              how the figure was obtained
     * @param sensor            the sensor's name
     * @param energy            the energy, if available
     * @param unavailableReason why there is no figure, if unavailable
     * @param notes             caveats about the figure (short window, dropped counter delta, edge interpolation)
     * @throws NullPointerException if any part is null
     * @throws IllegalArgumentException unless exactly one of the energy and the unavailable reason is present
     */
    DomainEnergy(String domain, String parent, ReadingKind kind, String sensor, Optional<Energy> energy,
                 Optional<String> unavailableReason, List<String> notes) {
        this(domain, parent, kind, sensor, energy, unavailableReason, notes, Optional.empty());
    }

    /**
     * One domain's figure; the notes are copied.
     *
     * @param domain            the domain id, e.g. {@code gpu:0}
     * @param parent            the enclosing domain's id, or {@code ""} for a root (only roots add up to totals)
     * @param kind              how the figure was obtained
     * @param sensor            the sensor's name
     * @param energy            the energy, if available
     * @param unavailableReason why there is no figure, if unavailable
     * @param notes             caveats about the figure (short window, dropped counter delta, edge interpolation)
     * @param partialReason     why the energy covers only part of the window, if it does
     * @throws NullPointerException if any part is null
     * @throws IllegalArgumentException unless exactly one of the energy and the unavailable reason is present, or
     *                                  if a partial reason comes without an energy
     */
    DomainEnergy(String domain, String parent, ReadingKind kind, String sensor, Optional<Energy> energy,
            Optional<String> unavailableReason, List<String> notes, Optional<String> partialReason) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(energy, "energy");
        Objects.requireNonNull(unavailableReason, "unavailableReason");
        Objects.requireNonNull(partialReason, "partialReason");
        notes = List.copyOf(notes);
        if (energy.isPresent() == unavailableReason.isPresent()) {
            throw new IllegalArgumentException("Domain " + domain + " must have either an energy or a reason it is unavailable");
        }
        if (partialReason.isPresent() && energy.isEmpty()) {
            throw new IllegalArgumentException("Domain " + domain + " is partial but has no energy");
        }
        this.domain = domain;
        this.parent = parent;
        this.kind = kind;
        this.sensor = sensor;
        this.energy = energy;
        this.unavailableReason = unavailableReason;
        this.notes = notes;
        this.partialReason = partialReason;
    }

    /** @return whether the energy covers only part of the window: the domain was lost during it */
    public boolean isPartial() {
        return partialReason.isPresent();
    }

    /** @return whether the domain has a figure */
    public boolean isAvailable() {
        return energy.isPresent();
    }

    /** @return whether the domain counts towards totals (it has no parent) */
    public boolean isRoot() {
        return parent.isEmpty();
    }

    /** @return the domain id, e.g. {@code gpu:0} */
    public String domain() {
        return domain;
    }

    /** @return the enclosing domain's id, or {@code ""} for a root (only roots add up to totals) */
    public String parent() {
        return parent;
    }

    /** @return how the figure was obtained */
    public ReadingKind kind() {
        return kind;
    }

    /** @return the sensor's name */
    public String sensor() {
        return sensor;
    }

    /** @return the energy, if available */
    public Optional<Energy> energy() {
        return energy;
    }

    /** @return why there is no figure, if unavailable */
    public Optional<String> unavailableReason() {
        return unavailableReason;
    }

    /** @return caveats about the figure (short window, dropped counter delta, edge interpolation) */
    public List<String> notes() {
        return notes;
    }

    /** @return why the energy covers only part of the window (until when, and the failure after it) */
    public Optional<String> partialReason() {
        return partialReason;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof DomainEnergy)) {
            return false;
        }
        DomainEnergy o = (DomainEnergy) other;
        return Objects.equals(domain, o.domain)
                && Objects.equals(parent, o.parent)
                && Objects.equals(kind, o.kind)
                && Objects.equals(sensor, o.sensor)
                && Objects.equals(energy, o.energy)
                && Objects.equals(unavailableReason, o.unavailableReason)
                && Objects.equals(notes, o.notes)
                && Objects.equals(partialReason, o.partialReason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, parent, kind, sensor, energy, unavailableReason, notes, partialReason);
    }

    @Override
    public String toString() {
        return "DomainEnergy[domain=" + domain
                + ", parent=" + parent
                + ", kind=" + kind
                + ", sensor=" + sensor
                + ", energy=" + energy
                + ", unavailableReason=" + unavailableReason
                + ", notes=" + notes
                + ", partialReason=" + partialReason + "]";
    }
}
