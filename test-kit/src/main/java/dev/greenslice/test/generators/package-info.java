/**
 * QuickTheories generators of GreenSlice's domain for property-based tests: energy, power and carbon-mass
 * values ({@link dev.greenslice.test.generators.UnitGenerators}), power traces and the energy they integrate to
 * ({@link dev.greenslice.test.generators.PowerTraces}), hourly grid carbon-intensity traces
 * ({@link dev.greenslice.test.generators.IntensityTraces}), and overlapping metering windows on a mock-clock
 * schedule ({@link dev.greenslice.test.generators.WindowSchedules}), and MIG layouts valid on a given GPU
 * ({@link dev.greenslice.test.generators.ValidMigLayouts}). Generators of model demands and fleets, which need
 * {@code greenslice-planning}, are in the artifact {@code greenslice-test-planning}.
 */
package dev.greenslice.test.generators;
