package dev.greenslice.rapl;

import java.util.Objects;

/**
 * A counter a backend found, with everything needed to turn its raw values into joules: the unit, the
 * wraparound and the zone's maximum power. Either {@link #counter()} is open, or {@link #openFailure()} says
 * why it could not be opened and how to fix it.
 *
 * @param kind          what the counter covers
 * @param socket        the package label ({@code 0}, {@code 0-die-1}); for psys empty (the kernel's {@code psys}) or
 *                      the package number of {@code psys-N}
 * @param source        where it is read, e.g. {@code /sys/class/powercap/intel-rapl:0/energy_uj}
 * @param counter       the open counter, or null if it could not be opened
 * @param openFailure   why it could not be opened, with the fixes; null if open
 * @param joulesPerUnit joules per raw unit
 * @param wrapUnits     raw units added when the counter wraps; {@link #WRAP_UNKNOWN} if it wraps at an unknown
 *                      point; {@link #NEVER_WRAPS} for a 64-bit counter the kernel maintains
 * @param maxRawUnits   the largest raw value the counter can show; -1 if unknown
 * @param maxWatts      the zone's maximum power in watts, declared or assumed
 * @param maxWattsOrigin where {@code maxWatts} comes from, for descriptions
 * @param note          what else a user should know about this counter (empty if nothing)
 */
record RaplCounter(ZoneKind kind, String socket, String source, RawCounter counter, String openFailure,
                   double joulesPerUnit, long wrapUnits, long maxRawUnits, double maxWatts, String maxWattsOrigin,
                   String note) {

    /** {@link #wrapUnits()} of a counter that wraps at a point nobody stated. */
    static final long WRAP_UNKNOWN = 0;

    /** {@link #wrapUnits()} of a counter that does not wrap within a lifetime (perf_event's 64-bit counts). */
    static final long NEVER_WRAPS = -1;

    RaplCounter {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(maxWattsOrigin, "maxWattsOrigin");
        Objects.requireNonNull(note, "note");
        if ((counter == null) == (openFailure == null)) {
            throw new IllegalArgumentException("exactly one of counter and openFailure must be given for " + source);
        }
        if (!(joulesPerUnit > 0) || Double.isInfinite(joulesPerUnit)) {
            throw new IllegalArgumentException("joulesPerUnit must be positive and finite for " + source + ", got " + joulesPerUnit);
        }
        if (!(maxWatts > 0) || Double.isInfinite(maxWatts)) {
            throw new IllegalArgumentException("maxWatts must be positive and finite for " + source + ", got " + maxWatts);
        }
    }

    /** The domain id this counter reports under. */
    String domainId() {
        return domainId(kind, socket);
    }

    /** The domain id of a counter of {@code kind} on package {@code socket}. */
    static String domainId(ZoneKind kind, String socket) {
        return switch (kind) {
            case PACKAGE -> "cpu:package-" + socket;
            case CORE -> "cpu:package-" + socket + "/core";
            case UNCORE -> "cpu:package-" + socket + "/uncore";
            case DRAM -> "dram:" + socket;
            // The kernel's names: psys for package 0 (or the only one), psys-N for package N > 0.
            case PSYS -> socket.isEmpty() ? "psys" : "psys-" + socket;
        };
    }

    /** The package number this counter belongs to: psys (no label) is package 0; {@code 1-die-0} is 1. */
    int packageNumber() {
        if (socket.isEmpty()) {
            return 0;
        }
        int dash = socket.indexOf('-');
        return Integer.parseInt(dash < 0 ? socket : socket.substring(0, dash));
    }

    /**
     * The energy the counter holds before it wraps, in joules, for choosing the sampling period: the stated
     * range; the smallest known RAPL range if none is stated; infinity if the counter does not wrap.
     */
    double wrapJoulesForSampling() {
        if (wrapUnits == NEVER_WRAPS) {
            return Double.POSITIVE_INFINITY;
        }
        return wrapUnits == WRAP_UNKNOWN ? PowercapBackend.SMALLEST_KNOWN_RANGE_JOULES : wrapUnits * joulesPerUnit;
    }
}
