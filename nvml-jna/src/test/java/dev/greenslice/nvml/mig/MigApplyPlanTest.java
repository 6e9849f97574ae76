package dev.greenslice.nvml.mig;

import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigPlacement;
import dev.greenslice.carbon.gpu.mig.MigProfile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/** The plan from one set of GPU instances to another, as properties over random valid A100 layouts. */
class MigApplyPlanTest {

    /** The A100-SXM4-80GB geometry as the device reports it (profiles and placements). */
    static final MigGeometry A100 = DeviceMigGeometry.of("NVIDIA A100-SXM4-80GB", List.of(
            profile(0, 19, "1g.10gb", 1, 7, 14, 1, 0, 0, 0, 0, 9856),
            profile(1, 14, "2g.20gb", 2, 3, 28, 2, 1, 0, 0, 0, 19968),
            profile(2, 9, "3g.40gb", 3, 2, 42, 3, 2, 0, 0, 0, 40192),
            profile(3, 5, "4g.40gb", 4, 1, 56, 4, 2, 0, 0, 0, 40192),
            profile(4, 0, "7g.80gb", 7, 1, 98, 7, 5, 0, 1, 1, 80384),
            profile(9, 15, "1g.20gb", 1, 4, 14, 1, 1, 0, 0, 0, 19968)),
            Map.of(19, starts(1, 0, 1, 2, 3, 4, 5, 6), 14, starts(2, 0, 2, 4), 9, starts(4, 0, 4), 5, starts(4, 0),
                    0, starts(8, 0), 15, starts(2, 0, 2, 4, 6)));

    // index, id, name, slices, instances, SMs, copy engines, decoders, encoders, JPEG, OFA, MiB
    private static GpuInstanceProfileInfo profile(int index, int id, String name, int slices, int instances, int sms,
                                                  int copyEngines, int decoders, int encoders, int jpegs, int ofas,
                                                  long memoryMb) {
        return GpuInstanceProfileInfo.builder().profileIndex(index).profileId(id).name(name).sliceCount(slices)
                .instanceCount(instances).multiprocessorCount(sms).copyEngineCount(copyEngines).decoderCount(decoders)
                .encoderCount(encoders).jpegCount(jpegs).ofaCount(ofas).memoryMb(memoryMb).build();
    }

    private static List<MigPlacement> starts(int size, int... s) {
        List<MigPlacement> out = new ArrayList<>();
        for (int x : s) {
            out.add(new MigPlacement(x, size));
        }
        return out;
    }

    /** A valid layout grown greedily from choices: each picks a profile and one of its placements. */
    static MigLayout layoutFrom(MigGeometry g, List<Integer> choices) {
        MigLayout layout = MigLayout.empty(g);
        for (int c : choices) {
            MigProfile p = g.profiles().get(c % g.profiles().size());
            MigPlacement pl = p.placements().get((c / g.profiles().size()) % p.placements().size());
            MigInstance i = new MigInstance(p, pl);
            if (layout.canAdd(i)) {
                layout = layout.with(i);
            }
        }
        return MigLayout.of(g, layout.instances());
    }

    private static List<String> keys(List<MigInstance> list) {
        return list.stream().map(i -> i.profile().nvmlProfileId() + "@" + i.placement()).sorted().toList();
    }

    @Test
    void keepPlusCreateIsTheTargetAndKeepPlusDestroyIsTheCurrent() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, 200)).ofSizeBetween(0, 10),
                lists().of(integers().between(0, 200)).ofSizeBetween(0, 10)).checkAssert((a, b) -> {
                    MigLayout current = layoutFrom(A100, a);
                    MigLayout target = layoutFrom(A100, b);
                    MigApplyPlan plan = MigApplyPlan.between(current.instances(), target.instances());
                    List<MigInstance> kc = new ArrayList<>(plan.keep());
                    kc.addAll(plan.create());
                    assertEquals(keys(target.instances()), keys(kc));
                    List<MigInstance> kd = new ArrayList<>(plan.keep());
                    kd.addAll(plan.destroy());
                    assertEquals(keys(current.instances()), keys(kd));
                    assertEquals(plan.isEmpty(), keys(current.instances()).equals(keys(target.instances())));
                });
    }

    @Test
    void creationIsLargestFirstAndEveryIntermediateLayoutIsValid() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, 200)).ofSizeBetween(0, 10),
                lists().of(integers().between(0, 200)).ofSizeBetween(0, 10)).checkAssert((a, b) -> {
                    MigLayout current = layoutFrom(A100, a);
                    MigLayout target = layoutFrom(A100, b);
                    MigApplyPlan plan = MigApplyPlan.between(current.instances(), target.instances());
                    List<MigInstance> sorted = new ArrayList<>(plan.create());
                    sorted.sort(MigApplyPlan.LARGEST_FIRST);
                    assertEquals(sorted, plan.create());
                    for (int k = 1; k < plan.create().size(); k++) {
                        assertTrue(plan.create().get(k - 1).computeSlices() >= plan.create().get(k).computeSlices());
                    }
                    MigLayout step = new MigLayout(A100, plan.keep());
                    for (MigInstance c : plan.create()) {
                        assertTrue(step.canAdd(c), c + " cannot be added to " + step);
                        step = step.with(c);
                    }
                    assertTrue(step.isValid());
                });
    }

    @Test
    void theNameOfAV1ProfileIsRebuiltFromSlicesAndMemory() {
        assertEquals("1g.5gb", DeviceMigGeometry.nameFor(0, 1, 4864));
        assertEquals("1g.5gb+me", DeviceMigGeometry.nameFor(7, 1, 4864));
        assertEquals("3g.40gb", DeviceMigGeometry.nameFor(2, 3, 40192));
        assertEquals("7g.80gb", DeviceMigGeometry.nameFor(4, 7, 80384));
        assertEquals("1g.10gb", DeviceMigGeometry.nameFor(0, 1, 9984));
        assertEquals(7, A100.computeSlices());
        assertEquals(8, A100.memorySlots());
        assertEquals(List.of("1g.10gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb"),
                A100.baseProfiles().stream().map(MigProfile::name).sorted(Comparator.naturalOrder()).toList());
    }
}
