package dev.greenslice.estimators.power;

import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random co-located sets the profiles can estimate and a MIG layout holds: 2–4 models at one clock. */
final class ColocatedSets {

    record Draw(int clockMhz, List<ModelPlacement> placements) {
    }

    private final ModelProfiles profiles;
    private final List<Integer> clocks;
    private final MigGeometry geometry;

    ColocatedSets(ModelProfiles profiles, DevicePowerProfile device, MigGeometry geometry) {
        this.profiles = profiles;
        this.clocks = List.copyOf(device.clocksMhz());
        this.geometry = geometry;
    }

    /** A set at a random clock, or at {@code clockMhz} if positive. */
    Draw draw(Random random, int clockMhz) {
        while (true) {
            int clock = clockMhz > 0 ? clockMhz : clocks.get(random.nextInt(clocks.size()));
            int n = 2 + random.nextInt(3);
            List<ModelPlacement> set = new ArrayList<>();
            List<String> models = new ArrayList<>(profiles.models());
            for (int i = 0; i < n && !models.isEmpty(); i++) {
                String model = models.remove(random.nextInt(models.size()));
                ModelProfile p = profiles.profile(model);
                List<Integer> batches = new ArrayList<>(p.batchSizes());
                int batch = batches.get(random.nextInt(batches.size()));
                List<Integer> sizes = new ArrayList<>(p.slices());
                int slices = sizes.get(random.nextInt(sizes.size()));
                if (p.point(batch, slices, clock).isEmpty() || p.acrossSlices(batch, clock).size() < 2) {
                    continue;
                }
                set.add(new ModelPlacement(model, batch, slices));
            }
            if (set.size() >= 2 && ColocatedMeasurement.instancesFor(geometry, set).isPresent()) {
                return new Draw(clock, List.copyOf(set));
            }
        }
    }
}
