package dev.greenslice.nvml.mig;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Properties of {@link GpuInstanceProfileInfo} and {@link MigDeviceInfo} as final classes built through builders:
 * equal settings give equal values with equal hash codes, each component takes part in equality, and the builders
 * refuse what the records' constructors refused (no slices, no memory, a missing name or UUID).
 */
class MigValuesPropertiesTest {

    private static GpuInstanceProfileInfo.Builder profile(int slices, long memoryMb, int engines) {
        return GpuInstanceProfileInfo.builder().profileIndex(slices).profileId(slices * 5).name(slices + "g.x")
                .sliceCount(slices).instanceCount(7 / slices).multiprocessorCount(slices * 14).copyEngineCount(engines)
                .decoderCount(engines).encoderCount(0).jpegCount(engines / 2).ofaCount(0).memoryMb(memoryMb);
    }

    private static MigDeviceInfo.Builder device(int gi, int ci, long memoryMb) {
        return MigDeviceInfo.builder().uuid("MIG-" + gi + "-" + ci).gpuInstanceId(gi).computeInstanceId(ci)
                .profileName("1g.10gb").gpuInstanceSlices(1).computeInstanceSlices(1).memoryMb(memoryMb)
                .multiprocessorCount(14);
    }

    @Test
    void equalSettingsGiveEqualProfilesWithEqualHashCodes() {
        qt().forAll(integers().between(1, 7), longs().between(1, 200_000), integers().between(0, 8))
                .checkAssert((slices, mb, engines) -> {
                    GpuInstanceProfileInfo a = profile(slices, mb, engines).build();
                    GpuInstanceProfileInfo b = profile(slices, mb, engines).build();
                    assertEquals(a, b);
                    assertEquals(a.hashCode(), b.hashCode());
                    assertEquals(a.toString(), b.toString());
                    assertNotEquals(a, profile(slices, mb + 1, engines).build());
                    assertNotEquals(a, profile(slices, mb, engines).ofaCount(1).build());
                    assertNotEquals(a, profile(slices, mb, engines).name(a.name() + "+me").build());
                });
    }

    @Test
    void theProfileBuilderRefusesNoSlicesOrNoMemory() {
        qt().forAll(integers().between(-1000, 0), longs().between(-1_000_000, 0)).checkAssert((slices, mb) -> {
            assertThrows(IllegalArgumentException.class, () -> profile(1, 1024, 1).sliceCount(slices).build());
            assertThrows(IllegalArgumentException.class, () -> profile(1, mb, 1).build());
        });
        assertThrows(NullPointerException.class, () -> profile(1, 1024, 1).name(null).build());
    }

    @Test
    void equalSettingsGiveEqualMigDevicesWithEqualHashCodes() {
        qt().forAll(integers().between(0, 14), integers().between(0, 7), longs().between(1, 200_000))
                .checkAssert((gi, ci, mb) -> {
                    MigDeviceInfo a = device(gi, ci, mb).build();
                    assertEquals(a, device(gi, ci, mb).build());
                    assertEquals(a.hashCode(), device(gi, ci, mb).build().hashCode());
                    assertNotEquals(a, device(gi, ci, mb).computeInstanceId(ci + 1).build());
                    assertNotEquals(a, device(gi, ci, mb).multiprocessorCount(15).build());
                    assertEquals(List.of(a), List.of(device(gi, ci, mb).build()));
                });
        assertThrows(NullPointerException.class, () -> device(0, 0, 1).uuid(null).build());
        assertThrows(NullPointerException.class, () -> device(0, 0, 1).profileName(null).build());
    }
}
