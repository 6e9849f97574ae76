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
 *
 * @param domain            the domain id, e.g. {@code gpu:0}
 * @param parent            the enclosing domain's id, or {@code ""} for a root (only roots add up to totals)
 * @param kind              how the figure was obtained
 * @param sensor            the sensor's name
 * @param energy            the energy, if available
 * @param unavailableReason why there is no figure, if unavailable
 * @param notes             caveats about the figure (short window, dropped counter delta, edge interpolation)
 * @param partialReason     why the energy covers only part of the window (until when, and the failure after it)
 */
public record DomainEnergy(String domain, String parent, ReadingKind kind, String sensor, Optional<Energy> energy,
                           Optional<String> unavailableReason, List<String> notes, Optional<String> partialReason) {

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
    public DomainEnergy(String domain, String parent, ReadingKind kind, String sensor, Optional<Energy> energy,
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
    public DomainEnergy {
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
}
