/**
 * QuickTheories generators for planning (artifact {@code greenslice-test-planning}): model demands drawn from the
 * 11 measured EnerTune A100 models ({@link dev.greenslice.test.planning.ModelDemands}) and fleets of them as
 * planning requests ({@link dev.greenslice.test.planning.Fleets}). Valid MIG layouts, which need only
 * carbon-api, are in {@code greenslice-test} ({@code dev.greenslice.test.generators.ValidMigLayouts}).
 *
 * <p>Stateless; the generators are immutable and may be shared between threads.
 */
package dev.greenslice.test.planning;
