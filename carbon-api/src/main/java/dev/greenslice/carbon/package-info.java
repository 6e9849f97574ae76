/**
 * The vocabulary every GreenSlice module speaks: units as types ({@link dev.greenslice.carbon.Energy} in joules,
 * {@link dev.greenslice.carbon.Power} in watts, {@link dev.greenslice.carbon.CarbonMass} in grams of CO2e,
 * {@link dev.greenslice.carbon.CarbonIntensity} in gCO2e/kWh), figures with their low/high range and sources
 * ({@link dev.greenslice.carbon.CarbonFigure}, {@link dev.greenslice.carbon.Assumption}), the injectable
 * {@link dev.greenslice.carbon.Clock} (with {@link dev.greenslice.carbon.MockClock} for tests), and
 * {@link dev.greenslice.carbon.UnavailableException}, the one way GreenSlice says that hardware or a service is
 * not available.
 *
 * <p><b>Units.</b> A value carries its unit in its type; a {@code double} crossing an API names its unit in the
 * parameter's name ({@code watts}, {@code joules}). Values reject NaN, infinities and negative amounts with a
 * message naming the value. <b>Thread-safety.</b> Every value type here is immutable and thread-safe;
 * {@code MockClock} is thread-safe too, so a test may advance it while a meter's sampler reads it.
 */
package dev.greenslice.carbon;
