package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.gpu.GpuDevice;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigProfile;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.PlannedGpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies a {@link DeploymentPlan} to live GPUs through {@link GpuDevice} (NVML, or the simulated GPU): plan
 * GPU {@code i} on {@code devices.get(i)}, its MIG layout with the plan's exact placements
 * ({@link GpuDevice#applyMigLayout}) and its SM clock locked ({@link GpuDevice#lockSmClock}).
 *
 * <p><b>Whole GPUs.</b> A planned GPU with MIG disabled needs no instances where the device has MIG disabled.
 * Where the device has MIG enabled — and {@code GpuDevice} cannot switch MIG mode off, which takes a GPU
 * reset — the model gets the GPU's one full-size instance (e.g. {@code 7g.80gb@0}), which the result says.
 *
 * <p><b>Safety.</b> Every device is checked first (its product's MIG table is the plan's GPU's; enough
 * devices); then devices are changed in order. If a step fails, the devices changed so far get their previous
 * layout back (forced) and their clock lock removed, and the failure is rethrown naming the device. What a
 * handle changed is in any case restored when the handle is closed ({@link GpuDevice#close()}).
 *
 * <p>Stateless and thread-safe; the devices serialise their own control calls.
 */
public final class PlanApplier {

    /**
     * What was done to one device.
     */
    public static final class Applied {
        private final int gpuIndex;
        private final String device;
        private final boolean previousMig;
        private final MigLayout previousLayout;
        private final MigLayout appliedLayout;
        private final int clockMhz;
        private final String note;

        /**
         * Checks the components.
         *
         * @param gpuIndex the plan's GPU index
         * @param device the device's id, e.g. {@code "gpu:0"}
         * @param previousMig whether MIG was enabled before
         * @param previousLayout its layout before
         * @param appliedLayout the layout applied (empty if none was needed)
         * @param clockMhz the clock locked, in MHz
         * @param note how a whole GPU was realised, or empty
         * @throws IllegalArgumentException for a component outside its range (see above), naming it
         */
        Applied(int gpuIndex, String device, boolean previousMig, MigLayout previousLayout,
                MigLayout appliedLayout, int clockMhz, String note) {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(previousLayout, "previousLayout");
            Objects.requireNonNull(appliedLayout, "appliedLayout");
            Objects.requireNonNull(note, "note");
            this.gpuIndex = gpuIndex;
            this.device = device;
            this.previousMig = previousMig;
            this.previousLayout = previousLayout;
            this.appliedLayout = appliedLayout;
            this.clockMhz = clockMhz;
            this.note = note;
        }

        /** @return the plan's GPU index */
        public int gpuIndex() {
            return gpuIndex;
        }

        /** @return the device's id, e.g. {@code "gpu:0"} */
        public String device() {
            return device;
        }

        /** @return whether MIG was enabled before */
        public boolean previousMig() {
            return previousMig;
        }

        /** @return its layout before */
        public MigLayout previousLayout() {
            return previousLayout;
        }

        /** @return the layout applied (empty if none was needed) */
        public MigLayout appliedLayout() {
            return appliedLayout;
        }

        /** @return the clock locked, in MHz */
        public int clockMhz() {
            return clockMhz;
        }

        /** @return how a whole GPU was realised, or empty */
        public String note() {
            return note;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof Applied)) {
                return false;
            }
            Applied o = (Applied) other;
            return gpuIndex == o.gpuIndex
                    && Objects.equals(device, o.device)
                    && previousMig == o.previousMig
                    && Objects.equals(previousLayout, o.previousLayout)
                    && Objects.equals(appliedLayout, o.appliedLayout)
                    && clockMhz == o.clockMhz
                    && Objects.equals(note, o.note);
        }

        @Override
        public int hashCode() {
            return Objects.hash(gpuIndex, device, previousMig, previousLayout, appliedLayout, clockMhz, note);
        }

        @Override
        public String toString() {
            return "Applied[gpuIndex=" + gpuIndex
                    + ", device=" + device
                    + ", previousMig=" + previousMig
                    + ", previousLayout=" + previousLayout
                    + ", appliedLayout=" + appliedLayout
                    + ", clockMhz=" + clockMhz
                    + ", note=" + note + "]";
        }
    }

    private PlanApplier() {
    }

    /**
     * Applies {@code plan} to the first {@code plan.gpuCount()} devices.
     *
     * @param force apply layouts even while compute processes run on a device (they are stopped)
     * @return what was done, per plan GPU
     * @throws IllegalArgumentException   for too few devices or a device of another GPU type, before anything
     *                                    changes
     * @throws GpuDeviceException         from the device that failed, after the others were restored
     * @param plan the plan
     * @param devices the devices, plan GPU {@code i} on {@code devices.get(i)}
     */
    public static List<Applied> apply(DeploymentPlan plan, List<? extends GpuDevice> devices, boolean force) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(devices, "devices");
        if (devices.size() < plan.gpuCount()) {
            throw new IllegalArgumentException("The plan uses " + plan.gpuCount() + " GPUs; " + devices.size()
                    + " devices were given");
        }
        for (int i = 0; i < plan.gpuCount(); i++) {
            check(plan.gpu(), devices.get(i), i);
        }
        List<Applied> done = new ArrayList<>();
        for (PlannedGpu g : plan.gpus()) {
            GpuDevice d = devices.get(g.index());
            MigLayout previous = d.migLayout();
            boolean previousMig = d.isMigEnabled();
            try {
                MigLayout applied;
                String note = "";
                if (g.migEnabled()) {
                    applied = onDevice(g.layout(), d);
                    d.applyMigLayout(applied, force);
                } else if (d.isMigEnabled()) {
                    MigGeometry geometry = d.migLayout().geometry();
                    MigProfile full = geometry.baseProfile(geometry.computeSlices()).orElseThrow(() ->
                            new IllegalArgumentException(d.id() + " has MIG enabled and no full-size profile"));
                    applied = MigLayout.of(geometry, List.of(MigInstance.of(full, 0)));
                    d.applyMigLayout(applied, force);
                    note = "planned as a whole GPU; " + d.id() + " has MIG enabled, so the model gets its full-size"
                            + " instance " + full.name() + "@0 (disabling MIG needs a GPU reset: nvidia-smi -i N -mig 0)";
                } else {
                    applied = MigLayout.empty(previous.geometry());
                }
                d.lockSmClock(g.clockMhz(), g.clockMhz());
                done.add(new Applied(g.index(), d.id(), previousMig, previous, applied, g.clockMhz(), note));
            } catch (RuntimeException e) {
                List<String> restored = rollBack(devices, done);
                String msg = "Applying plan GPU " + g.index() + " to " + d.id() + " failed: " + e.getMessage()
                        + (restored.isEmpty() ? "" : "; restored " + String.join(", ", restored));
                if (e instanceof GpuDeviceException ge) {
                    throw new GpuDeviceException(ge.device(), ge.operation(), ge.reason(), msg);
                }
                throw new IllegalStateException(msg, e);
            }
        }
        return done;
    }

    private static void check(GpuModel planned, GpuDevice device, int index) {
        GpuModel model = device.model().orElseThrow(() -> new IllegalArgumentException("Device " + device.id()
                + " (" + device.name() + ") is not a catalog GPU; the plan is for " + planned.id()));
        boolean same = model.equals(planned) || (model.mig() != null && planned.mig() != null
                    && model.mig().profiles().equals(planned.mig().profiles()));
        if (!same) {
            throw new IllegalArgumentException("Plan GPU " + index + " is a " + planned.id() + " but device "
                    + device.id() + " is a " + model.id() + " with another MIG table; plan for " + model.id());
        }
    }

    /* The plan's instances by the device's own profile objects, so that the device validates its own table. */
    private static MigLayout onDevice(MigLayout layout, GpuDevice device) {
        MigGeometry geometry = device.migLayout().geometry();
        List<MigInstance> list = new ArrayList<>();
        for (MigInstance i : layout.instances()) {
            list.add(new MigInstance(geometry.resolve(i.profile().name()), i.placement()));
        }
        return MigLayout.of(geometry, list);
    }

    private static List<String> rollBack(List<? extends GpuDevice> devices, List<Applied> done) {
        List<String> restored = new ArrayList<>();
        for (int k = done.size() - 1; k >= 0; k--) {
            Applied a = done.get(k);
            GpuDevice d = devices.get(a.gpuIndex());
            try {
                d.resetSmClock();
                if (a.previousMig() && !a.previousLayout().equals(a.appliedLayout())) {
                    d.applyMigLayout(a.previousLayout(), true);
                    restored.add(d.id());
                } else if (!a.previousMig() && !a.appliedLayout().instances().isEmpty()) {
                    restored.add(d.id() + " (clock; MIG was disabled before: closing its handle restores the mode)");
                } else {
                    restored.add(d.id());
                }
            } catch (RuntimeException suppressed) {
                restored.add(d.id() + " (not restored: " + suppressed.getMessage() + "; closing its handle restores it)");
            }
        }
        return restored;
    }
}
