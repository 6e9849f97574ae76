package dev.greenslice.estimators.sim;

import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigPlacement;
import dev.greenslice.carbon.gpu.mig.MigProfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The MIG geometry of the A100 80GB (SXM4 and PCIe share it), as {@code nvidia-smi mig -lgip/-lgipp}
 * reports it: 7 compute slices over 8 memory slots. Used by the simulated GPU until the shared GPU catalog
 * provides it.
 */
final class A100Geometry {

    static final MigGeometry A100_80GB = new MigGeometry("A100-SXM4-80GB", 7, 8, List.of(
            profile("1g.10gb", 19, 0, 1, 1, 10, 14, false, 0, 1, 2, 3, 4, 5, 6),
            profile("1g.10gb+me", 20, 7, 1, 1, 10, 14, true, 0, 1, 2, 3, 4, 5, 6),
            profile("1g.20gb", 15, 9, 1, 2, 20, 14, false, 0, 2, 4, 6),
            profile("2g.20gb", 14, 1, 2, 2, 20, 28, false, 0, 2, 4),
            profile("3g.40gb", 9, 2, 3, 4, 40, 42, false, 0, 4),
            profile("4g.40gb", 5, 3, 4, 4, 40, 56, false, 0),
            profile("7g.80gb", 0, 4, 7, 8, 80, 98, false, 0)));

    private A100Geometry() {
    }

    private static MigProfile profile(String name, int id, int index, int compute, int memory, double gb, int sms,
                                      boolean me, int... starts) {
        List<MigPlacement> placements = new ArrayList<>();
        for (int s : starts) {
            placements.add(new MigPlacement(s, memory));
        }
        return new MigProfile(name, id, index, compute, memory, gb, sms, me, placements);
    }
}
