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

    /** Serves one probe's work, metered; the caller has locked {@code clockMhz}. */
    ProbePoint probe(int clockMhz) {
        Measurement window = meter.start("probe at " + clockMhz + " MHz");
        ServedWork served;
        try {
            served = Objects.requireNonNull(load.serve(), "the probe load returned no served work");
        } finally {
            window.close();
        }
        CarbonReport report = window.report();
        return new ProbePoint(clockMhz, served, report);
    }
}
