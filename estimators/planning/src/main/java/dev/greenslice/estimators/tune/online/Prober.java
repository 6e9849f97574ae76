package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;

import java.util.Objects;

/** Meters one {@link ProbeLoad#serve()} at the clock the guard has locked. */
final class Prober {

    private final CarbonMeter meter;
    private final ProbeLoad load;

    Prober(CarbonMeter meter, ProbeLoad load) {
        this.meter = Objects.requireNonNull(meter, "meter");
        this.load = Objects.requireNonNull(load, "load");
    }

    /**
     * Serves one probe's work, metered; the caller has locked {@code clockMhz}.
     *
     * @throws IllegalStateException if a sensor failed during the probe (e.g. the GPU was lost)
     */
    ProbePoint probe(int clockMhz) {
        Measurement window = meter.start("probe at " + clockMhz + " MHz");
        ServedWork served;
        try {
            served = Objects.requireNonNull(load.serve(), "the probe load returned no served work");
        } finally {
            window.close();
        }
        CarbonReport report = window.report();
        if (!report.complete()) {
            // A sensor fault during the probe (a GPU lost, a counter gone) is the device's failure, not a bad
            // argument: callers (and the command line's exit status) must see it as a runtime fault.
            throw new IllegalStateException("The probe at " + clockMhz + " MHz could not read every domain: "
                    + report.domains().stream().filter(d -> !d.isAvailable())
                    .map(d -> d.domain() + ": " + d.unavailableReason().orElse("unavailable")).toList());
        }
        return new ProbePoint(clockMhz, served, report);
    }
}
