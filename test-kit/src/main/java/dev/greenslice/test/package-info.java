/**
 * GreenSlice's test kit, artifact {@code dev.greenslice:greenslice-test}: what GreenSlice's own modules test
 * with, published for the tests of code that uses GreenSlice and of new sensors and GPU devices (as
 * {@code micrometer-test} is for Micrometer). Add it with test scope; it brings JUnit 5's API and QuickTheories.
 *
 * <ul>
 *   <li>{@link dev.greenslice.test.sensor}: the {@code EnergySensor} contract kit, a scripted sensor with
 *       injectable faults, and a constant-power in-memory sensor.</li>
 *   <li>{@link dev.greenslice.test.gpu}: the {@code GpuDevice} contract kit.</li>
 *   <li>{@link dev.greenslice.test.rapl}: fake Linux powercap trees laid out and counting as the kernel's.</li>
 *   <li>{@link dev.greenslice.test.nvml}: scenarios for the simulated libnvidia-ml and its test hooks.</li>
 *   <li>{@link dev.greenslice.test.generators}: QuickTheories generators of energy, power and carbon values,
 *       power traces, overlapping metering windows and mock-clock schedules.</li>
 * </ul>
 *
 * <p>{@link dev.greenslice.test.FuzzMessages} is what every fuzz test requires of a parser's refusal.
 */
package dev.greenslice.test;
