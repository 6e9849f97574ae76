package dev.greenslice.opentelemetry;

import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import java.util.Objects;

/**
 * A span and its metering window in one try-with-resources: {@link #start} starts a span (a child of the current
 * one), makes it current and opens a window; {@link #close()} closes the window, records its energy and carbon on
 * the span (see {@link SpanEnergy} for the attributes), closes the scope and ends the span, in that order.
 *
 * <pre>{@code
 * try (TracedWindow t = TracedWindow.start(tracer, meter, "predict")) {
 *     runInference();
 * }
 * }</pre>
 *
 * <p>Close it on the thread that started it (the scope is thread-bound, as every OpenTelemetry scope). Closing is
 * idempotent and never throws.
 */
public final class TracedWindow implements AutoCloseable {

    private final Span span;
    private final Scope scope;
    private final Measurement window;
    private boolean closed;

    private TracedWindow(Span span, Scope scope, Measurement window) {
        this.span = span;
        this.scope = scope;
        this.window = window;
    }

    /**
     * Starts a span named {@code name} and a window labelled {@code name}.
     *
     * @param tracer the tracer that makes the span
     * @param meter  the meter that opens the window
     * @param name   the span's name and the window's label
     * @return the pair; close it to end both
     */
    public static TracedWindow start(Tracer tracer, CarbonMeter meter, String name) {
        Objects.requireNonNull(tracer, "tracer");
        Objects.requireNonNull(meter, "meter");
        Span span = tracer.spanBuilder(name).startSpan();
        Scope scope = span.makeCurrent();
        try {
            return new TracedWindow(span, scope, SpanEnergy.start(meter, name, span));
        } catch (RuntimeException e) {
            scope.close();
            span.end();
            throw e;
        }
    }

    /** @return the span, e.g. to add attributes of your own */
    public Span span() {
        return span;
    }

    /** @return the metering window */
    public Measurement window() {
        return window;
    }

    /**
     * The window's report.
     *
     * @return the report
     * @throws IllegalStateException before {@link #close()}
     */
    public CarbonReport report() {
        return window.report();
    }

    /** Closes the window (recording its figures on the span), then the scope, then ends the span. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            window.close();
        } finally {
            scope.close();
            span.end();
        }
    }
}
