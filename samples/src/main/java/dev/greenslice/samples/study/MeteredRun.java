package dev.greenslice.samples.study;

import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.estimators.deployment.DeploymentEstimate;

import java.util.Objects;

/**
 * A shared deployment run on the simulated A100 and metered with a {@code CarbonMeter} over a
 * {@code GpuDeviceSensor} in simulated time, next to the deployment model's prediction of the same run.
 * Immutable.
 *
 * @param set       the model set
 * @param layout    the MIG layout and models, as in {@link Configuration.Gpu#layout()}
 * @param clockMhz  the locked SM clock, in MHz
 * @param source    the grid the meter charged
 * @param metered   the meter's report of the run
 * @param predicted the deployment model's prediction of the same run
 */
public record MeteredRun(ModelSet set, String layout, int clockMhz, EnergySource source, CarbonReport metered,
                         DeploymentEstimate predicted) {

    /**
     * Checks that no part is null.
     *
     * @param set       the model set
     * @param layout    the MIG layout and models, as in {@link Configuration.Gpu#layout()}
     * @param clockMhz  the locked SM clock, in MHz
     * @param source    the grid the meter charged
     * @param metered   the meter's report of the run
     * @param predicted the deployment model's prediction of the same run
     * @throws NullPointerException for a missing part
     */
    public MeteredRun {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(metered, "metered");
        Objects.requireNonNull(predicted, "predicted");
    }
}
