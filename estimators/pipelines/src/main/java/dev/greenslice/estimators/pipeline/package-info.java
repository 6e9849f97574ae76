/**
 * Adapting multi-stage inference pipelines for carbon: a {@link dev.greenslice.estimators.pipeline.Pipeline}
 * of stages with model {@link dev.greenslice.estimators.pipeline.Variant}s, an
 * {@link dev.greenslice.estimators.pipeline.Objective} weighing accuracy, latency and carbon, optimizers
 * ({@link dev.greenslice.estimators.pipeline.PipelineOptimizers}), the live
 * {@link dev.greenslice.estimators.pipeline.PipelineAdapter}, configured through
 * {@link dev.greenslice.estimators.pipeline.AbstractAdaptationBuilder}, whose settings the pipeline simulator in
 * {@code greenslice-simulator} shares to replay the same policy over a trace.
 *
 * <p><b>Units:</b> requests per second, seconds and {@link java.time.Duration}s, watts, joules, grams of CO2e,
 * accuracy as a fraction. <b>Thread-safety:</b> values are immutable; an adapter is thread-safe (arrivals may be
 * recorded from any thread, its steps are serialized); builders are not thread-safe.
 */
package dev.greenslice.estimators.pipeline;
