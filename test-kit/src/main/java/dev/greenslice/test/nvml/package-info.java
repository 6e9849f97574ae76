/**
 * The simulated libnvidia-ml ({@code nvml-jna/src/test/c/nvml_sim.c}, built by GreenSlice's build; not in
 * this jar): {@link dev.greenslice.test.nvml.NvmlScenario} writes the scenarios it reads (GPU models, power over
 * time, MIG instances, processes, injected errors) and {@link dev.greenslice.test.nvml.SimulatedNvml} finds the
 * built library, loads a scenario into it and moves its manual time.
 */
package dev.greenslice.test.nvml;
