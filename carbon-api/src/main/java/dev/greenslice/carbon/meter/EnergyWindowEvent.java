package dev.greenslice.carbon.meter;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The JDK Flight Recorder event of one closed metering window, {@code dev.greenslice.EnergyWindow}: it spans the
 * window on the thread that closed it, so JDK Mission Control shows it beside CPU, GC and allocation events.
 * Created only while a recording enables it (see {@link JfrEvents}).
 */
@Name("dev.greenslice.EnergyWindow")
@Label("Energy Window")
@Category({"GreenSlice", "Energy"})
@Description("A GreenSlice metering window: its energy per domain, carbon and attribution")
@StackTrace(false)
final class EnergyWindowEvent extends jdk.jfr.Event {

    @Label("Label")
    @Description("The window's label, as given to CarbonMeter.start")
    String label;

    @Label("Window Duration")
    @Description("The window's length on the meter's clock")
    @Timespan(Timespan.NANOSECONDS)
    long windowDuration;

    @Label("Energy (J)")
    @Description("Energy of the window over the available root domains, joules")
    double energyJoules;

    @Label("Complete")
    @Description("Whether every root domain could be read")
    boolean complete;

    @Label("Energy per Domain")
    @Description("domain=joules (or why unavailable) for every domain, nested ones included")
    String domains;

    @Label("Operational Carbon (g)")
    @Description("Operational carbon, grams CO2e; NaN without an intensity source")
    double operationalGrams;

    @Label("Embodied Carbon (g)")
    @Description("Embodied carbon, grams CO2e; NaN without an embodied model")
    double embodiedGrams;

    @Label("Carbon (g)")
    @Description("Operational plus embodied carbon, grams CO2e; NaN without an intensity source")
    double carbonGrams;

    @Label("Intensity (gCO2e/kWh)")
    @Description("Grid intensity at the window's start; NaN without an intensity source")
    double intensityGramsPerKwh;

    @Label("Attribution")
    @Description("How energy shared between concurrent windows is attributed")
    String attribution;


    /** @return whether a recording wants this event now; allocation-free once inlined (escape analysis) */
    static boolean wanted() {
        return new EnergyWindowEvent().isEnabled();
    }
}
