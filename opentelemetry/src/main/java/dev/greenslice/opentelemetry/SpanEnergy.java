package dev.greenslice.opentelemetry;

import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.DomainEnergy;
import dev.greenslice.carbon.meter.Measurement;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Puts a metering window's energy and carbon on an OpenTelemetry span. {@link #start(CarbonMeter, String)} opens a
 * window bound to the span current at that moment; closing the window records its report on that span, so close it
 * before the span ends (try-with-resources inside the span's scope does).
 *
 * <pre>{@code
 * Span span = tracer.spanBuilder("predict").startSpan();
 * try (Scope scope = span.makeCurrent(); Measurement m = SpanEnergy.start(meter, "predict")) {
 *     runInference();
 * } finally {
 *     span.end();
 * }
 * }</pre>
 *
 * <p><b>Attributes</b>, in the style of the OpenTelemetry hardware conventions the Micrometer binder follows:
 * {@value #ENERGY} (the window's energy over its available root domains, joules), {@value #DOMAIN_IDS} and
 * {@value #DOMAIN_ENERGY} (each available domain's id and joules, nested domains such as {@code gpu:0/mig:1}
 * included, in the same order), {@value #ENERGY_COMPLETE}, {@value #CARBON_OPERATIONAL},
 * {@value #CARBON_EMBODIED} and {@value #CARBON_TOTAL} (grams CO2e, each only when the meter has what it needs),
 * {@value #CARBON_INTENSITY} (gCO2e/kWh), {@value #ATTRIBUTION} and {@value #WINDOW_LABEL}. Each domain that
 * could not be read adds an event {@value #PARTIAL_EVENT} with {@value #HW_ID} and {@value #REASON}, so a partial
 * figure is never mistaken for a whole one.
 *
 * <p><b>Cost.</b> A span that is not recording (no SDK, or not sampled) gets nothing and the window's report is not
 * computed; a recording span costs one report per window. Thread-safe; closing never throws.
 */
public final class SpanEnergy {

    /** The window's energy over its available root domains, joules (double). */
    public static final String ENERGY = "hw.energy";
    /** Whether every root domain was read (boolean). */
    public static final String ENERGY_COMPLETE = "greenslice.energy.complete";
    /** The ids of the domains with a figure (string array), e.g. {@code gpu:0}, {@code cpu:package-0}. */
    public static final String DOMAIN_IDS = "greenslice.domain.ids";
    /** Each domain's energy in the order of {@value #DOMAIN_IDS}, joules (double array). */
    public static final String DOMAIN_ENERGY = "greenslice.domain.energy";
    /** Operational carbon, grams CO2e (double). */
    public static final String CARBON_OPERATIONAL = "greenslice.carbon.operational";
    /** Embodied carbon, grams CO2e (double). */
    public static final String CARBON_EMBODIED = "greenslice.carbon.embodied";
    /** Operational plus embodied carbon, grams CO2e (double). */
    public static final String CARBON_TOTAL = "greenslice.carbon.total";
    /** The grid intensity at the window's start, gCO2e/kWh (double). */
    public static final String CARBON_INTENSITY = "greenslice.carbon.intensity";
    /** How shared energy was attributed between concurrent windows (string). */
    public static final String ATTRIBUTION = "greenslice.attribution";
    /** The window's label (string). */
    public static final String WINDOW_LABEL = "greenslice.window.label";
    /** The event added per domain that could not be read. */
    public static final String PARTIAL_EVENT = "greenslice.energy.unavailable";
    /** The domain id on a {@value #PARTIAL_EVENT} event (string). */
    public static final String HW_ID = "hw.id";
    /** Why the domain could not be read, on a {@value #PARTIAL_EVENT} event (string). */
    public static final String REASON = "greenslice.unavailable.reason";

    private static final AttributeKey<Double> ENERGY_KEY = AttributeKey.doubleKey(ENERGY);
    private static final AttributeKey<Boolean> COMPLETE_KEY = AttributeKey.booleanKey(ENERGY_COMPLETE);
    private static final AttributeKey<List<String>> IDS_KEY = AttributeKey.stringArrayKey(DOMAIN_IDS);
    private static final AttributeKey<List<Double>> DOMAIN_ENERGY_KEY = AttributeKey.doubleArrayKey(DOMAIN_ENERGY);
    private static final AttributeKey<Double> OPERATIONAL_KEY = AttributeKey.doubleKey(CARBON_OPERATIONAL);
    private static final AttributeKey<Double> EMBODIED_KEY = AttributeKey.doubleKey(CARBON_EMBODIED);
    private static final AttributeKey<Double> TOTAL_KEY = AttributeKey.doubleKey(CARBON_TOTAL);
    private static final AttributeKey<Double> INTENSITY_KEY = AttributeKey.doubleKey(CARBON_INTENSITY);
    private static final AttributeKey<String> ATTRIBUTION_KEY = AttributeKey.stringKey(ATTRIBUTION);
    private static final AttributeKey<String> LABEL_KEY = AttributeKey.stringKey(WINDOW_LABEL);
    private static final AttributeKey<String> HW_ID_KEY = AttributeKey.stringKey(HW_ID);
    private static final AttributeKey<String> REASON_KEY = AttributeKey.stringKey(REASON);

    private SpanEnergy() {
    }

    /**
     * Opens a window on {@code meter} bound to the current span ({@link Span#current()}).
     *
     * @param meter the meter
     * @param label the window's label
     * @return the window; closing it records its report on the span
     */
    public static Measurement start(CarbonMeter meter, String label) {
        return start(meter, label, Span.current());
    }

    /**
     * Opens a window on {@code meter} bound to {@code span}.
     *
     * @param meter the meter
     * @param label the window's label
     * @param span  the span that receives the attributes; close the window before the span ends
     * @return the window; closing it records its report on the span
     */
    public static Measurement start(CarbonMeter meter, String label, Span span) {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(span, "span");
        return new SpanMeasurement(meter.start(label), span);
    }

    /**
     * Records a closed window's report on {@code span}: the attributes and events described above.
     *
     * @param span   the span; nothing happens if it is not recording
     * @param report the window's report
     */
    public static void record(Span span, CarbonReport report) {
        Objects.requireNonNull(report, "report");
        if (!span.isRecording()) {
            return;
        }
        span.setAttribute(ENERGY_KEY, report.totalEnergy().toJoules());
        span.setAttribute(COMPLETE_KEY, report.complete());
        span.setAttribute(LABEL_KEY, report.label());
        span.setAttribute(ATTRIBUTION_KEY, report.attribution().name());
        List<String> ids = new ArrayList<>();
        List<Double> joules = new ArrayList<>();
        for (DomainEnergy d : report.domains()) {
            if (d.energy().isPresent()) {
                ids.add(d.domain());
                joules.add(d.energy().get().toJoules());
            } else {
                span.addEvent(PARTIAL_EVENT, Attributes.of(HW_ID_KEY, d.domain(),
                        REASON_KEY, d.unavailableReason().orElse("no reason given")));
            }
        }
        span.setAttribute(IDS_KEY, ids);
        span.setAttribute(DOMAIN_ENERGY_KEY, joules);
        report.operational().ifPresent(c -> span.setAttribute(OPERATIONAL_KEY, c.value().toGrams()));
        report.embodiedTotal().ifPresent(c -> span.setAttribute(EMBODIED_KEY, c.value().toGrams()));
        report.total().ifPresent(c -> span.setAttribute(TOTAL_KEY, c.value().toGrams()));
        report.intensity().ifPresent(f -> span.setAttribute(INTENSITY_KEY, f.value().gramsPerKwh()));
    }

    /** A window that records its report on its span when it closes. */
    private static final class SpanMeasurement implements Measurement {
        private final Measurement window;
        private final Span span;
        private boolean recorded;

        SpanMeasurement(Measurement window, Span span) {
            this.window = window;
            this.span = span;
        }

        @Override
        public String label() {
            return window.label();
        }

        @Override
        public void close() {
            window.close();
            synchronized (this) {
                if (recorded) {
                    return;
                }
                recorded = true;
            }
            try {
                if (span.isRecording()) {
                    record(span, window.report());
                }
            } catch (RuntimeException e) {
                // close() never throws: a span without energy attributes is better than a failed request
            }
        }

        @Override
        public Measurement count(long units, String unit) {
            window.count(units, unit);
            return this;
        }

        @Override
        public boolean isClosed() {
            return window.isClosed();
        }

        @Override
        public CarbonReport report() {
            return window.report();
        }

        @Override
        public String toString() {
            return window + " on span " + span.getSpanContext().getSpanId();
        }
    }
}
