package dev.greenslice.carbon.meter;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The periodic JDK Flight Recorder event {@code dev.greenslice.DevicePower}: each metered domain's average power
 * between the meter's last two samples, emitted every second (by default) for every open meter while a recording
 * enables it.
 */
@Name("dev.greenslice.DevicePower")
@Label("Device Power")
@Category({"GreenSlice", "Energy"})
@Description("Average power of a metered domain (GPU, MIG instance, CPU package...) between the meter's last two samples")
@Period("1 s")
@StackTrace(false)
final class DevicePowerEvent extends jdk.jfr.Event {

    @Label("Domain")
    @Description("The domain id, e.g. gpu:0, gpu:0/mig:1, cpu:package-0")
    String domain;

    @Label("Parent")
    @Description("The enclosing domain, empty for a root")
    String parent;

    @Label("Power (W)")
    @Description("Average power between the last two samples, watts")
    double watts;

    @Label("Interval")
    @Description("Time between the two samples")
    @Timespan(Timespan.NANOSECONDS)
    long interval;

    @Label("Sensor")
    String sensor;

    @Label("Reading Kind")
    String kind;
}
