package dev.greenslice.carbon.intensity;

import dev.greenslice.carbon.CarbonIntensity;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * A carbon-intensity time series: a step function over a regular, hourly or finer grid, where each value
 * holds from its timestamp until the next one and the last value holds for one step (the series' own
 * interval). The trace covers {@code [start(), end())}; {@link #at} fails outside it.
 *
 * <p>Load one from CSV with {@link CarbonIntensities#trace(java.nio.file.Path)} (the Electricity Maps export
 * layout or a plain {@code timestamp,carbon_intensity_g_per_kwh} layout) or build one with {@link #of}.
 * Values are gCO2e/kWh; every factor a trace returns is exact (no range), carries the trace's basis
 * (lifecycle or direct), names the trace and the step it comes from, and has the step's UTC year.
 *
 * <p>Immutable and thread-safe. Construction rejects unsorted, duplicate or irregular times (a gap names the
 * missing range), series coarser than one hour, and fewer than two points, with an
 * {@link IllegalArgumentException} saying where and how to fix it.
 */
public final class IntensityTrace implements IntensitySource {

    /** The coarsest step accepted: an hourly series. Daily or monthly averages hide the swings that matter. */
    static final Duration MAX_STEP = Duration.ofHours(1);

    private final Instant[] times;
    private final double[] gramsPerKwh;
    private final String[] notes;
    private final Duration step;
    private final IntensityBasis basis;
    private final String name;
    private final String origin;
    private volatile Recent recent;

    private IntensityTrace(Instant[] times, double[] gramsPerKwh, String[] notes, Duration step,
                           IntensityBasis basis, String name, String origin) {
        this.times = times;
        this.gramsPerKwh = gramsPerKwh;
        this.notes = notes;
        this.step = step;
        this.basis = basis;
        this.name = name;
        this.origin = origin;
    }

    /**
     * A trace from points in memory.
     *
     * @param points values by the instant they start to hold; at least two, on a regular grid of one hour or
     *               finer
     * @param basis  whether the values are lifecycle or direct figures
     * @param name   what the series is, for factors and error messages, e.g. {@code "DE 2023 (Electricity Maps)"}
     * @return the trace
     * @throws IllegalArgumentException for fewer than two points, a gap, or a step coarser than one hour
     */
    public static IntensityTrace of(SortedMap<Instant, CarbonIntensity> points, IntensityBasis basis, String name) {
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(name, "name");
        List<Instant> ts = new ArrayList<>(points.size());
        double[] values = new double[points.size()];
        int i = 0;
        for (Map.Entry<Instant, CarbonIntensity> e : points.entrySet()) {
            ts.add(Objects.requireNonNull(e.getKey(), "instant"));
            values[i++] = Objects.requireNonNull(e.getValue(), "intensity at " + e.getKey()).gramsPerKwh();
        }
        return create(ts, values, null, basis, name, name, index -> "point " + (index + 1));
    }

    /** Where a point came from, for error messages: {@code "line 7"} or {@code "point 7"}. */
    interface Locator {
        String locate(int index);
    }

    /**
     * Validates the grid and builds a trace. Times must already be strictly increasing (the CSV reader reports
     * unsorted and duplicate rows with their line as it reads).
     */
    static IntensityTrace create(List<Instant> times, double[] gramsPerKwh, String[] notes, IntensityBasis basis,
                                 String name, String origin, Locator where) {
        int n = times.size();
        if (n == 0) {
            throw new IllegalArgumentException("Trace " + name + " has no values; give at least two timestamps");
        }
        if (n == 1) {
            throw new IllegalArgumentException("Trace " + name + " has only one value (" + where.locate(0) + ", "
                    + times.get(0) + "): a trace needs at least two timestamps to know its interval; add the next "
                    + "one, or use CarbonIntensities.fixed for a constant intensity");
        }
        Duration step = null;
        for (int i = 1; i < n; i++) {
            Duration d = Duration.between(times.get(i - 1), times.get(i));
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("Trace " + name + " " + where.locate(i) + ": time " + times.get(i)
                        + (d.isZero() ? " repeats the previous one" : " is before the previous " + times.get(i - 1))
                        + " (" + where.locate(i - 1) + "); sort the values by time and remove duplicates");
            }
            if (step == null || d.compareTo(step) < 0) {
                step = d;
            }
        }
        if (step.compareTo(MAX_STEP) > 0) {
            throw new IllegalArgumentException("Trace " + name + " has values " + human(step)
                    + " apart: an intensity trace must be hourly or finer (daily, monthly or yearly figures are "
                    + "averages that hide the hourly swings); use an hourly export, or CarbonIntensities.fixed "
                    + "with the average");
        }
        for (int i = 1; i < n; i++) {
            Duration d = Duration.between(times.get(i - 1), times.get(i));
            if (!d.equals(step)) {
                throw new IllegalArgumentException("Trace " + name + " " + where.locate(i) + ": gap in the series, no value for ["
                        + times.get(i - 1).plus(step) + ", " + times.get(i) + ") between " + where.locate(i - 1)
                        + " and " + where.locate(i) + " (the series' step is " + human(step)
                        + "); add the missing values");
            }
        }
        return new IntensityTrace(times.toArray(new Instant[0]), gramsPerKwh.clone(),
                notes == null ? null : notes.clone(), step, basis, name, origin);
    }

    @Override
    public IntensityFactor at(Instant instant) {
        int i = indexOf(Objects.requireNonNull(instant, "instant"));
        // Callers (a meter's reports) ask about the same step again and again: keep the last factor built.
        Recent recent = this.recent;
        if (recent != null && recent.index == i) {
            return recent.factor;
        }
        IntensityFactor f = factor(i);
        this.recent = new Recent(i, f);
        return f;
    }

    /** The last factor built and its step; replaced as a whole, so racing threads only rebuild. */
    private record Recent(int index, IntensityFactor factor) {
    }

    private IntensityFactor factor(int i) {
        CarbonIntensity value = CarbonIntensity.ofGramsPerKwh(gramsPerKwh[i]);
        Instant from = times[i];
        StringBuilder source = new StringBuilder(origin).append(", ").append(from).append(" + ").append(human(step));
        if (notes != null && notes[i] != null) {
            source.append(", ").append(notes[i]);
        }
        return IntensityFactor.exact(value, basis, source.toString(), from.atOffset(ZoneOffset.UTC).getYear());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code to} is before {@code from}, or the interval reaches outside
     *                                  {@code [start(), end()]}: a value must not silently stretch beyond the data
     */
    @Override
    public List<Instant> changesBetween(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("Interval end " + to + " is before its start " + from);
        }
        if (from.isBefore(start()) || to.isAfter(end())) {
            throw new IllegalArgumentException("No intensity in trace " + name + " for [" + from + ", " + to
                    + "]: it covers [" + start() + ", " + end() + ")");
        }
        List<Instant> out = new ArrayList<>();
        int i = Arrays.binarySearch(times, from);
        i = i >= 0 ? i + 1 : -i - 1;
        for (; i < times.length && times[i].isBefore(to); i++) {
            if (i > 0 && gramsPerKwh[i] != gramsPerKwh[i - 1]) {
                out.add(times[i]);
            }
        }
        return out;
    }

    @Override
    public String description() {
        return "trace " + origin + ", " + times.length + " × " + human(step) + " from " + start() + ", "
                + basis.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return the first instant covered */
    public Instant start() {
        return times[0];
    }

    /** @return the first instant after the covered range: the last timestamp plus one step */
    public Instant end() {
        return times[times.length - 1].plus(step);
    }

    /** @return the series' interval: the time between consecutive values */
    public Duration step() {
        return step;
    }

    /** @return the number of values */
    public int size() {
        return times.length;
    }

    /** @return whether the values are lifecycle or direct figures */
    public IntensityBasis basis() {
        return basis;
    }

    /** @return the trace's name: the file it was read from, or the name given to {@link #of} */
    public String name() {
        return name;
    }

    /** @return the timestamps, ascending: each starts one step */
    public List<Instant> times() {
        return List.of(times);
    }

    /**
     * One value of the series.
     *
     * @param index the step, 0-based
     * @return the intensity of that step
     * @throws IndexOutOfBoundsException outside {@code [0, size())}
     */
    public CarbonIntensity valueAt(int index) {
        return CarbonIntensity.ofGramsPerKwh(gramsPerKwh[index]);
    }

    @Override
    public String toString() {
        return "IntensityTrace[" + description() + "]";
    }

    private int indexOf(Instant instant) {
        if (instant.isBefore(start()) || !instant.isBefore(end())) {
            throw new IllegalArgumentException("No intensity in trace " + name + " for " + instant + ": it covers ["
                    + start() + ", " + end() + ")");
        }
        int i = Arrays.binarySearch(times, instant);
        return i >= 0 ? i : -i - 2;
    }

    static String human(Duration d) {
        if (d.toSeconds() % 3600 == 0 && d.getNano() == 0) {
            return d.toHours() + " h";
        }
        if (d.toSeconds() % 60 == 0 && d.getNano() == 0) {
            return d.toMinutes() + " min";
        }
        return d.toString();
    }
}
