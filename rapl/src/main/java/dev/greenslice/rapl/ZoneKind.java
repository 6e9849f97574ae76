package dev.greenslice.rapl;

import java.util.Locale;
import java.util.Optional;

/**
 * What a RAPL counter covers. Each kind has a stated maximum power, used for the sampling period and the
 * wraparound checks when the hardware declares none (powercap {@code constraint_*_max_power_uw}, MSR
 * {@code PKG_POWER_INFO}).
 */
enum ZoneKind {
    /** A whole processor package (socket), or one die of a multi-die package. */
    PACKAGE("package", 500),
    /** The cores of a package (PP0); included in the package. */
    CORE("core", 500),
    /** The uncore / integrated graphics of a package (PP1); included in the package. */
    UNCORE("uncore", 200),
    /** The memory attached to a package; not included in the package. */
    DRAM("dram", 250),
    /** The platform (SoC and more, as the firmware reports it); includes packages and DRAM. */
    PSYS("psys", 1000);

    private final String label;
    private final double assumedMaximumWatts;

    ZoneKind(String label, double assumedMaximumWatts) {
        this.label = label;
        this.assumedMaximumWatts = assumedMaximumWatts;
    }

    String label() {
        return label;
    }

    /** The maximum power assumed for a zone of this kind that declares none, in watts. */
    double assumedMaximumWatts() {
        return assumedMaximumWatts;
    }

    /**
     * The kind a powercap zone's {@code name} file denotes, by name only ({@code package-N},
     * {@code package-N-die-M}, {@code core}, {@code uncore}, {@code dram}, {@code psys}, and {@code psys-N}, the
     * kernel's name for the platform zone of package N > 0).
     */
    static Optional<ZoneKind> ofZoneName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.matches("package-\\d+(-die-\\d+)?")) {
            return Optional.of(PACKAGE);
        }
        if (n.matches("psys-\\d+")) {
            return Optional.of(PSYS);
        }
        for (ZoneKind k : values()) {
            if (k != PACKAGE && k.label.equals(n)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
