package dev.greenslice.rapl;

/**
 * A way of reading the RAPL (Running Average Power Limit) energy counters of Linux, in the order
 * {@link RaplSensor#autodetect()} tries them.
 *
 * <p>All three give the same domains ({@code cpu:package-0}, {@code cpu:package-0/core},
 * {@code cpu:package-0/uncore}, {@code dram:0}, {@code psys}) in joules; they differ in what they need and
 * who corrects the 32-bit hardware counter's wraparound. Immutable and thread-safe.
 */
public enum RaplBackend {

    /**
     * Linux powercap sysfs ({@code /sys/class/powercap/intel-rapl:*}, also {@code intel-rapl-mmio:*}):
     * needs read access to {@code energy_uj} (root-only since the CVE-2020-8694 fix unless a udev or
     * tmpfiles rule grants a group read access). GreenSlice corrects the wraparound at
     * {@code max_energy_range_uj}.
     */
    POWERCAP("powercap"),

    /**
     * The kernel's {@code power} perf PMU ({@code /sys/bus/event_source/devices/power}, events
     * {@code energy-pkg}, {@code energy-cores}, {@code energy-gpu}, {@code energy-ram}, {@code energy-psys})
     * opened with {@code perf_event_open} through JNA: needs {@code CAP_PERFMON} (or {@code CAP_SYS_ADMIN})
     * or {@code kernel.perf_event_paranoid <= 0}. The kernel extends the counters to 64 bits.
     */
    PERF_EVENT("perf_event"),

    /**
     * Model-specific registers through {@code /dev/cpu/N/msr} ({@code MSR_RAPL_POWER_UNIT} 0x606 and the
     * energy-status registers 0x611, 0x619, 0x639, 0x641, 0x64D; AMD 0xC0010299 and 0xC001029B): needs the
     * {@code msr} driver and root or {@code CAP_SYS_RAWIO}. GreenSlice corrects the 32-bit wraparound.
     */
    MSR("msr");

    private final String label;

    RaplBackend(String label) {
        this.label = label;
    }

    /** @return the name used in sensor names and messages: {@code powercap}, {@code perf_event} or {@code msr} */
    public String label() {
        return label;
    }

    /**
     * Parses a backend label as written by {@link #label()} (case-insensitive; {@code perf} is accepted for
     * {@code perf_event}).
     *
     * @param label {@code powercap}, {@code perf_event} or {@code msr}
     * @return the backend
     * @throws IllegalArgumentException naming the value and the accepted labels
     */
    public static RaplBackend parse(String label) {
        String l = label == null ? "" : label.trim().toLowerCase(java.util.Locale.ROOT);
        for (RaplBackend b : values()) {
            if (b.label.equals(l) || b.name().toLowerCase(java.util.Locale.ROOT).equals(l)) {
                return b;
            }
        }
        if (l.equals("perf") || l.equals("perf-event")) {
            return PERF_EVENT;
        }
        throw new IllegalArgumentException("Unknown RAPL backend '" + label + "': use powercap, perf_event or msr");
    }
}
