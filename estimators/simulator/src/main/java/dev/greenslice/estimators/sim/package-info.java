/**
 * The simulated GPU: a {@link dev.greenslice.carbon.gpu.GpuDevice} driven by measured profiles
 * ({@link dev.greenslice.estimators.sim.SimulatedGpu}, an A100 80GB PCIe by default) whose board power under
 * co-location follows a law of its own ({@link dev.greenslice.estimators.sim.CoLocationLaw}), so that the planner,
 * tuner, meter and estimators can be run and tested without a GPU against something they do not contain.
 *
 * <p><b>Units:</b> watts, joules, MHz, MIG slices; time from the injected {@link dev.greenslice.carbon.Clock}.
 * <b>Thread-safety:</b> a simulated GPU is thread-safe, as {@code GpuDevice} requires.
 */
package dev.greenslice.estimators.sim;
