/**
 * Intel and AMD RAPL energy counters through Linux powercap, perf events or MSRs.
 */
module dev.greenslice.rapl {
    requires transitive dev.greenslice.carbon;
    requires com.sun.jna;

    exports dev.greenslice.rapl;
    // The perf_event_open binding (a JNA Library interface) lives here; JNA reflects on it.
    opens dev.greenslice.rapl to com.sun.jna;
}
