package dev.greenslice.estimators.power;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.gpu.GpuDevice;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigPlacement;
import dev.greenslice.carbon.gpu.mig.MigProfile;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The co-location study's profiling protocol, against a live or simulated {@link GpuDevice}: measures what
 * the decomposed power model needs without profiling every combination of models.
 *
 * <p><b>Runs</b> (all at one locked SM clock, each measured {@code repeats} times after settling):
 * <ol>
 *   <li>the board with MIG instances and nothing running — the baseline;</li>
 *   <li>one, two and three instances of the reference model (the first given) on 1-slice instances (or the
 *       smallest size it fits three times) —
 *       the study's solve for the idle auxiliary power, a one-time cost per GPU type;</li>
 *   <li>one and two instances of every model on its smallest instance size that fits twice — what does
 *       not double with the second instance is the model's wake-up power;</li>
 *   <li>every model alone on each instance size — its own (compute and activity) power per size.</li>
 * </ol>
 * <p><b>Fit.</b> Every sample is one equation of a linear model — baseline {@code B}; per model its
 * wake-up {@code W}; per model and size its own power {@code O(s)}: idle = {@code B}, {@code k} instances
 * = {@code B + W + k·O(s)}, alone on {@code s} = {@code B + W + O(s)} — solved by least squares (QR) over all
 * repeated samples rather than exact solves, with the root-mean-square residual reported: a large residual
 * means the additive structure does not hold on this device. The three-instance run over-determines the
 * reference model, which tests that instances add linearly. Profiling time is measured on the injected
 * clock and reported.
 *
 * <p><b>Co-located sets.</b> {@link #measureColocated} runs a given set of models together, each on its own
 * MIG instance, and measures its average board power: the rows {@link PowerEstimators#calibrated} fits.
 *
 * <p><b>Measurement.</b> Average power over a window: from the device's energy counter where it has one,
 * otherwise the mean of {@code samplesPerWindow} power readings.
 *
 * <p><b>Side effects.</b> Locks the clock (reset afterwards) and applies MIG layouts (the device restores
 * its original layout when closed). All load is stopped on return and on failure. A missing privilege
 * surfaces as the device's {@link GpuDeviceException} with reason NO_PERMISSION. Not thread-safe: one run at
 * a time per device.
 */
public final class ProfilingProtocol {

    /** How average power over a window is measured. */
    public enum Measurement {
        /** The energy counter if the device has one, else power samples. */
        AUTO,
        /** Always the energy counter; fails if the device has none. */
        ENERGY_COUNTER,
        /** Always the mean of power readings (noisier; what nvidia-smi sampling gives). */
        POWER_SAMPLES
    }

    /**
     * A model to profile, the batch size to profile it at, and the memory it needs (0 if unknown: it is
     * then assumed to fit the smallest instance).
     */
    public record Target(String model, int batchSize, double memoryNeedGb) {
        /**
         * Checks the batch size and memory need.
         *
         * @param model        the model
         * @param batchSize    requests per batch, {@code >= 1}
         * @param memoryNeedGb memory the model needs, in GB; {@code >= 0}, 0 if unknown
         * @throws NullPointerException     if the model is null
         * @throws IllegalArgumentException for a batch size below 1 or a negative, NaN or infinite memory need,
         *                                  naming it
         */
        public Target {
            Objects.requireNonNull(model, "model");
            if (batchSize < 1) {
                throw new IllegalArgumentException("Batch size must be >= 1, got " + batchSize);
            }
            if (!(memoryNeedGb >= 0) || Double.isInfinite(memoryNeedGb)) {
                throw new IllegalArgumentException("Memory need of " + model + " must be >= 0 GB, got " + memoryNeedGb);
            }
        }

        /**
         * A target whose memory need is unknown (assumed to fit a 1-slice instance).
         *
         * @param model     the model
         * @param batchSize requests per batch, {@code >= 1}
         */
        public Target(String model, int batchSize) {
            this(model, batchSize, 0.0);
        }
    }

    private final GpuDevice device;
    private final ProfilingLoad load;
    private final MigGeometry geometry;
    private final Clock clock;
    private final Duration settle;
    private final Duration window;
    private final int repeats;
    private final int samplesPerWindow;
    private final Measurement measurement;
    private final DevicePowerProfile devicePower;
    private final List<Integer> sizes;

    private ProfilingProtocol(Builder b) {
        this.device = b.device;
        this.load = b.load;
        this.geometry = b.geometry;
        this.clock = b.clock;
        this.settle = b.settle;
        this.window = b.window;
        this.repeats = b.repeats;
        this.samplesPerWindow = b.samplesPerWindow;
        this.measurement = b.measurement;
        this.devicePower = b.devicePower;
        this.sizes = b.sizes;
    }

    /**
     * Starts configuring a protocol.
     *
     * @param device   the GPU to profile
     * @param load     what runs the models on it
     * @param geometry the GPU's MIG geometry (its placement table)
     * @return a new builder
     */
    public static Builder builder(GpuDevice device, ProfilingLoad load, MigGeometry geometry) {
        return new Builder(device, load, geometry);
    }

    /** Configures a {@link ProfilingProtocol}. Not thread-safe. */
    public static final class Builder {
        private final GpuDevice device;
        private final ProfilingLoad load;
        private final MigGeometry geometry;
        private Clock clock = Clock.system();
        private Duration settle = Duration.ofSeconds(5);
        private Duration window = Duration.ofSeconds(10);
        private int repeats = 3;
        private int samplesPerWindow = 10;
        private Measurement measurement = Measurement.AUTO;
        private DevicePowerProfile devicePower;
        private List<Integer> sizes;

        private Builder(GpuDevice device, ProfilingLoad load, MigGeometry geometry) {
            this.device = Objects.requireNonNull(device, "device");
            this.load = Objects.requireNonNull(load, "load");
            this.geometry = Objects.requireNonNull(geometry, "geometry");
            this.sizes = geometry.baseProfiles().stream().map(MigProfile::computeSlices).toList();
        }

        /**
         * The clock profiling time is measured on; the same the device and load run on.
         *
         * @param clock the clock; default {@link Clock#system()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Time to let power settle after a change, before measuring; default 5 s.
         *
         * @param settle the settling time; not negative
         * @return this builder
         * @throws IllegalArgumentException for a negative duration
         */
        public Builder settle(Duration settle) {
            if (settle.isNegative()) {
                throw new IllegalArgumentException("Settling time must not be negative, got " + settle);
            }
            this.settle = settle;
            return this;
        }

        /**
         * Length of one measurement window; default 10 s.
         *
         * @param window the window's length; positive
         * @return this builder
         * @throws IllegalArgumentException for a zero or negative duration
         */
        public Builder window(Duration window) {
            if (window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("Measurement window must be positive, got " + window);
            }
            this.window = window;
            return this;
        }

        /**
         * Measurement windows per configuration; default 3.
         *
         * @param repeats windows per configuration, {@code >= 1}
         * @return this builder
         * @throws IllegalArgumentException if {@code repeats} is below 1
         */
        public Builder repeats(int repeats) {
            if (repeats < 1) {
                throw new IllegalArgumentException("Repeats must be >= 1, got " + repeats);
            }
            this.repeats = repeats;
            return this;
        }

        /**
         * Power readings per window when sampling power; default 10.
         *
         * @param samples readings per window, {@code >= 1}
         * @return this builder
         * @throws IllegalArgumentException if {@code samples} is below 1
         */
        public Builder samplesPerWindow(int samples) {
            if (samples < 1) {
                throw new IllegalArgumentException("Samples per window must be >= 1, got " + samples);
            }
            this.samplesPerWindow = samples;
            return this;
        }

        /**
         * How power is measured; default {@link Measurement#AUTO}.
         *
         * @param measurement energy counter, power samples, or whichever the device has
         * @return this builder
         */
        public Builder measurement(Measurement measurement) {
            this.measurement = Objects.requireNonNull(measurement, "measurement");
            return this;
        }

        /**
         * The device's static and fan power, to report the study's idle auxiliary power; optional.
         *
         * @param devicePower the device's power profile, or null for none
         * @return this builder
         */
        public Builder devicePower(DevicePowerProfile devicePower) {
            this.devicePower = devicePower;
            return this;
        }

        /**
         * The instance sizes (compute slices) to profile each model on; default every base profile.
         *
         * @param sizes compute slices of each instance size, each a base profile of the geometry
         * @return this builder
         * @throws IllegalArgumentException naming a size the geometry has no MIG profile for
         */
        public Builder sizes(List<Integer> sizes) {
            for (int s : sizes) {
                geometry.baseProfile(s).orElseThrow(() -> new IllegalArgumentException("No MIG profile with " + s
                        + " compute slices on " + geometry.gpu()));
            }
            this.sizes = List.copyOf(sizes);
            return this;
        }

        /** @return the protocol */
        public ProfilingProtocol build() {
            return new ProfilingProtocol(this);
        }
    }

    /** One configuration: which model runs how many times on which size (count 0 = idle). */
    private record Run(int model, int count, int slices) {
    }

    /**
     * Runs the protocol at {@code clockMhz} for {@code targets} (the first is the reference model).
     *
     * @param clockMhz the SM clock to lock and profile at, in MHz
     * @param targets  the models to profile; the first is the reference model; not empty
     * @return the baseline, each model's calibration, the fit's residual and the profiling time
     * @throws IllegalArgumentException for no targets, or a model no instance size has the memory for
     * @throws GpuDeviceException from the device (e.g. NO_PERMISSION for clocks or MIG)
     */
    public ProtocolResult run(int clockMhz, List<Target> targets) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("Give at least one model to profile");
        }
        long start = clock.monotonicNanos();
        List<Run> runs = new ArrayList<>();
        int[] pairSize = new int[targets.size()];
        List<List<Integer>> sizesOf = new ArrayList<>();
        for (int m = 0; m < targets.size(); m++) {
            Target t = targets.get(m);
            // The reference model needs three instances of one size, the others two.
            pairSize[m] = smallestFitting(t, m == 0 ? 3 : 2);
            List<Integer> fits = new ArrayList<>();
            for (int sz : sizes) {
                if (geometry.baseProfile(sz).orElseThrow().memoryGb() >= t.memoryNeedGb()) {
                    fits.add(sz);
                }
            }
            if (!fits.contains(pairSize[m])) {
                fits.add(pairSize[m]);
            }
            sizesOf.add(fits);
        }
        runs.add(new Run(-1, 0, pairSize[0]));
        for (int m = 0; m < targets.size(); m++) {
            for (int k = 1; k <= (m == 0 ? 3 : 2); k++) {
                runs.add(new Run(m, k, pairSize[m]));
            }
            for (int sz : sizesOf.get(m)) {
                if (sz != pairSize[m]) {
                    runs.add(new Run(m, 1, sz));
                }
            }
        }
        List<double[]> rows = new ArrayList<>();
        List<Double> watts = new ArrayList<>();
        int columns = 1 + targets.size() * (1 + allSizes().size());
        device.lockSmClock(clockMhz, clockMhz);
        try {
            for (Run r : runs) {
                List<MigInstance> instances = layoutFor(r);
                load.stopAll();
                device.applyMigLayout(MigLayout.of(geometry, instances), true);
                for (int i = 0; i < r.count(); i++) {
                    Target t = targets.get(r.model());
                    load.start(instances.get(i), t.model(), t.batchSize());
                }
                load.await(settle);
                for (int rep = 0; rep < repeats; rep++) {
                    double[] row = new double[columns];
                    row[0] = 1;
                    if (r.count() > 0) {
                        row[wakeColumn(r.model())] = 1;
                        row[ownColumn(r.model(), r.slices())] = r.count();
                    }
                    rows.add(row);
                    watts.add(measure());
                }
            }
        } finally {
            load.stopAll();
            try {
                device.resetSmClock();
            } catch (GpuDeviceException e) {
                // The device restores its clocks when closed; a failed reset must not hide the real outcome.
            }
        }
        double[][] a = rows.toArray(double[][]::new);
        double[] y = watts.stream().mapToDouble(Double::doubleValue).toArray();
        // Drop columns that no run touched (sizes a model was not profiled on) before solving.
        List<Integer> used = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            for (double[] row : a) {
                if (row[c] != 0) {
                    used.add(c);
                    break;
                }
            }
        }
        double[][] reduced = new double[a.length][used.size()];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < used.size(); j++) {
                reduced[i][j] = a[i][used.get(j)];
            }
        }
        DecompositionSolver solver = new QRDecomposition(new Array2DRowRealMatrix(reduced, false), 1e-10).getSolver();
        RealVector x = solver.solve(new ArrayRealVector(y, false));
        double[] sol = new double[columns];
        for (int j = 0; j < used.size(); j++) {
            sol[used.get(j)] = x.getEntry(j);
        }
        double sse = 0;
        for (int i = 0; i < a.length; i++) {
            double fit = 0;
            for (int c = 0; c < columns; c++) {
                fit += a[i][c] * sol[c];
            }
            sse += (fit - y[i]) * (fit - y[i]);
        }
        List<ProtocolResult.ModelCalibration> calibrations = new ArrayList<>();
        for (int m = 0; m < targets.size(); m++) {
            Map<Integer, Power> own = new LinkedHashMap<>();
            for (int sz : sizesOf.get(m)) {
                own.put(sz, Power.ofWatts(Math.max(0.0, sol[ownColumn(m, sz)])));
            }
            calibrations.add(new ProtocolResult.ModelCalibration(targets.get(m).model(), targets.get(m).batchSize(),
                    Power.ofWatts(Math.max(0.0, sol[wakeColumn(m)])), own, pairSize[m]));
        }
        Optional<Power> idleAux = Optional.empty();
        if (devicePower != null) {
            double aux = sol[0] + sol[wakeColumn(0)] - devicePower.at(clockMhz).staticAndFan().watts();
            idleAux = Optional.of(Power.ofWatts(Math.max(0.0, aux)));
        }
        Duration took = Duration.ofNanos(clock.monotonicNanos() - start);
        return new ProtocolResult(clockMhz, Power.ofWatts(Math.max(0.0, sol[0])), idleAux, calibrations,
                Math.sqrt(sse / a.length), a.length, runs.size(), took);
    }

    /**
     * Runs one co-located set on the device and measures its average board power: locks {@code clockMhz},
     * applies a MIG layout with one instance per placement (of its compute slices), starts every model, lets
     * power settle, measures {@code repeats} windows and averages them; then stops the load, resets the clock
     * and puts the MIG layout back as it was (the device's own restore on close covers a failure of that).
     * What {@link PowerEstimators#calibrated} fits to; append it to a file with {@link CalibrationCsv#append}.
     *
     * @param clockMhz   the SM clock to lock, in MHz
     * @param placements the models, each with its batch size and instance size; not empty
     * @return the measured set, origin "measured on" the device
     * @throws IllegalArgumentException for no placements or a set no MIG layout of the geometry holds
     * @throws GpuDeviceException from the device (e.g. NO_PERMISSION for clocks or MIG)
     */
    public ColocatedMeasurement measureColocated(int clockMhz, List<ModelPlacement> placements) {
        if (placements.isEmpty()) {
            throw new IllegalArgumentException("Give at least one model of the co-located set");
        }
        List<MigInstance> instances = ColocatedMeasurement.instancesFor(geometry, placements).orElseThrow(() ->
                new IllegalArgumentException("The set " + placements + " fits no MIG layout of " + geometry.gpu()));
        boolean migWasEnabled = device.isMigEnabled();
        MigLayout before = device.migLayout();
        double sum = 0;
        device.lockSmClock(clockMhz, clockMhz);
        try {
            load.stopAll();
            device.applyMigLayout(MigLayout.of(geometry, instances), true);
            for (int i = 0; i < placements.size(); i++) {
                ModelPlacement p = placements.get(i);
                load.start(instances.get(i), p.model(), p.batchSize());
            }
            load.await(settle);
            for (int rep = 0; rep < repeats; rep++) {
                sum += measure();
            }
        } finally {
            load.stopAll();
            try {
                device.resetSmClock();
            } catch (GpuDeviceException e) {
                // The device restores its clocks when closed; a failed reset must not hide the real outcome.
            }
            if (migWasEnabled) {
                try {
                    device.applyMigLayout(before, true);
                } catch (RuntimeException e) {
                    // As above: the handle restores its original layout on close.
                }
            }
        }
        return new ColocatedMeasurement(clockMhz, placements, sum / repeats, "measured on " + device.name());
    }

    /** Every base size of the geometry: the column layout covers them all, unused columns are dropped. */
    private List<Integer> allSizes() {
        return geometry.baseProfiles().stream().map(MigProfile::computeSlices).toList();
    }

    private int wakeColumn(int model) {
        return 1 + model * (1 + allSizes().size());
    }

    private int ownColumn(int model, int slices) {
        return wakeColumn(model) + 1 + allSizes().indexOf(slices);
    }

    /** The smallest base size with enough memory for the target and room for {@code count} instances. */
    private int smallestFitting(Target t, int count) {
        for (MigProfile p : geometry.baseProfiles()) {
            if (p.memoryGb() >= t.memoryNeedGb() && capacity(p) >= count) {
                return p.computeSlices();
            }
        }
        throw new IllegalArgumentException(t.model() + " (needs " + t.memoryNeedGb() + " GB) fits no MIG profile of "
                + geometry.gpu() + " " + count + " times; the protocol needs " + count + " instances of one size");
    }

    /** How many non-overlapping instances of {@code p} the GPU holds. */
    private static int capacity(MigProfile p) {
        int n = 0;
        int end = -1;
        for (MigPlacement pl : p.placements().stream().sorted().toList()) {
            if (pl.start() >= end) {
                n++;
                end = pl.end();
            }
        }
        return n;
    }

    /** Instances for a run: {@code count} (at least three for the idle and pair runs) of the run's size. */
    private List<MigInstance> layoutFor(Run r) {
        MigProfile p = geometry.baseProfile(r.slices()).orElseThrow();
        int wanted = Math.max(1, r.count());
        List<MigInstance> list = new ArrayList<>();
        for (MigPlacement pl : p.placements()) {
            if (list.size() == wanted) {
                break;
            }
            MigInstance candidate = new MigInstance(p, pl);
            if (list.stream().noneMatch(i -> i.placement().overlaps(candidate.placement()))) {
                list.add(candidate);
            }
        }
        if (list.size() < wanted) {
            throw new IllegalArgumentException(geometry.gpu() + " cannot hold " + wanted + " instances of " + p.name());
        }
        return list;
    }

    private double measure() {
        boolean counter = measurement == Measurement.ENERGY_COUNTER
                || (measurement == Measurement.AUTO && device.totalEnergy().isPresent());
        if (counter) {
            double e0 = device.totalEnergy().orElseThrow(() -> new GpuDeviceException(device.id(), "totalEnergy",
                    GpuDeviceException.Reason.NOT_SUPPORTED, "no energy counter; measure with POWER_SAMPLES"))
                    .toJoules();
            long t0 = clock.monotonicNanos();
            load.await(window);
            double e1 = device.totalEnergy().orElseThrow().toJoules();
            long t1 = clock.monotonicNanos();
            if (t1 <= t0) {
                throw new IllegalStateException("No time passed during a measurement window: the load's await() and"
                        + " the protocol's clock must be the same clock");
            }
            return (e1 - e0) / ((t1 - t0) / 1e9);
        }
        Duration step = window.dividedBy(samplesPerWindow);
        double sum = 0;
        for (int i = 0; i < samplesPerWindow; i++) {
            load.await(step);
            sum += device.power().watts();
        }
        return sum / samplesPerWindow;
    }
}
