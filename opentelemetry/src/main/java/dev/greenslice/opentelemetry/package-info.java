/**
 * OpenTelemetry tracing for GreenSlice: a metering window opened inside a span puts its energy and carbon on that
 * span ({@link dev.greenslice.opentelemetry.SpanEnergy}), and {@link dev.greenslice.opentelemetry.TracedWindow}
 * starts a span and its window in one try-with-resources. Depends on {@code opentelemetry-api} only; with no SDK
 * installed (or an unsampled span) nothing is computed.
 *
 * <p><b>Units:</b> span attributes in joules and grams of CO2e, after the OpenTelemetry hardware conventions.
 * <b>Thread-safety:</b> {@code SpanEnergy} is thread-safe; a {@code TracedWindow} is closed on the thread that
 * started it, as every OpenTelemetry scope.
 */
package dev.greenslice.opentelemetry;
