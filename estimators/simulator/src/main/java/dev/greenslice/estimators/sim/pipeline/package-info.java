/**
 * The pipeline simulator: replays an arrival trace ({@link dev.greenslice.estimators.sim.pipeline.ArrivalTrace},
 * recorded or drawn from a {@link dev.greenslice.estimators.sim.pipeline.WorkloadShape}) through a
 * {@link dev.greenslice.estimators.pipeline.Pipeline} under the same decision rule the library's
 * {@link dev.greenslice.estimators.pipeline.PipelineAdapter} runs, and the example pipelines of the studies.
 *
 * <p>Part of the {@code greenslice-simulator} artifact, a research and test tool beside the library: nothing in the
 * library's artifacts depends on it.
 */
package dev.greenslice.estimators.sim.pipeline;
