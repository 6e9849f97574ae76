package dev.greenslice.rapl;

import java.util.List;

/**
 * What a backend found: its counters (open, or with the reason they could not be opened) and notes on what
 * it left out and why (duplicate MMIO zones, mirrored dies, unknown zones).
 *
 * @param backend  the backend
 * @param location where it read, e.g. {@code /sys/class/powercap}
 * @param counters the counters, in domain order
 * @param notes    what a user should know about the detection
 */
record BackendProbe(RaplBackend backend, String location, List<RaplCounter> counters, List<String> notes) {

    BackendProbe {
        counters = List.copyOf(counters);
        notes = List.copyOf(notes);
    }

    /** Closes every open counter; used when the probe is abandoned. */
    void close() {
        for (RaplCounter c : counters) {
            if (c.counter() != null) {
                c.counter().close();
            }
        }
    }
}
