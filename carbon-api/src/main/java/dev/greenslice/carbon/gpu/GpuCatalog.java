package dev.greenslice.carbon.gpu;

import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigPlacement;
import dev.greenslice.carbon.gpu.mig.MigProfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data-centre GPUs the library knows: die, memory, board power and MIG geometry of each, as
 * {@link GpuModel} constants.
 *
 * <p>Sources. Die areas and process nodes from NVIDIA's architecture whitepapers (GA100, GH100, AD104,
 * TU104); memory and maximum board power from the product datasheets. MIG tables from NVIDIA's
 * <em>Multi-Instance GPU User Guide</em> ("Supported MIG Profiles") and from {@code nvidia-smi mig -lgip}
 * / {@code -lgipp} output on the real products: profile names and ids, SM counts, and placements
 * {@code {start,…}:size} over the memory slots. NVML instance-profile indices are the
 * {@code NVML_GPU_INSTANCE_PROFILE_*} constants of {@code nvml.h} (1_SLICE=0, 2_SLICE=1, 3_SLICE=2,
 * 4_SLICE=3, 7_SLICE=4, 1_SLICE_REV1=7 for {@code 1g+me}, 2_SLICE_REV1=8 for {@code 2g+me},
 * 1_SLICE_REV2=9 for the double-memory {@code 1g}). Profile memory is the figure in the profile name;
 * NVML reports a little less (e.g. 9.75 GiB for {@code 1g.10gb}).
 *
 * <p>The ACT process row of each die is the nearest row ACT has: TSMC N7 → 7nm; TSMC 4N (GH100,
 * AD104) → 5nm, since ACT has no 4nm row and 4N is a refined N5; TSMC 12 nm FFN (TU104) → 14nm, since
 * ACT has no 12nm or 16nm row. Each die's {@link GpuDie#note()} says so.
 *
 * <p>Immutable and thread-safe. Lookups fail with an {@link IllegalArgumentException} listing the known
 * ids.
 */
public final class GpuCatalog {

    private GpuCatalog() {
    }

    // ---- MIG tables (declared first: the product constants below are built from them) ----------

    private static final Pattern MIG_SUFFIX = Pattern.compile("(?i)\\s+MIG\\s+\\d+g\\.\\d+gb.*$");
    private static final Pattern PROFILE_MEMORY = Pattern.compile("^\\d+g\\.(\\d+)gb(\\+me)?$");

    // NVML_GPU_INSTANCE_PROFILE_* indices (nvml.h).
    private static final int P1 = 0;
    private static final int P2 = 1;
    private static final int P3 = 2;
    private static final int P4 = 3;
    private static final int P7 = 4;
    private static final int P1_REV1 = 7;
    private static final int P2_REV1 = 8;
    private static final int P1_REV2 = 9;

    // Profile names of the 8-slot products, in nvidia-smi order: 1g, 1g+me, 1g double memory, 2g, 3g, 4g, 7g.
    private static final List<String> AMPERE_40GB =
            List.of("1g.5gb", "1g.5gb+me", "1g.10gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb");
    private static final List<String> AMPERE_80GB =
            List.of("1g.10gb", "1g.10gb+me", "1g.20gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb");
    private static final List<String> HOPPER_80GB = AMPERE_80GB;
    private static final List<String> HOPPER_94GB =
            List.of("1g.12gb", "1g.12gb+me", "1g.24gb", "2g.24gb", "3g.47gb", "4g.47gb", "7g.94gb");
    private static final List<String> HOPPER_141GB =
            List.of("1g.18gb", "1g.18gb+me", "1g.35gb", "2g.35gb", "3g.71gb", "4g.71gb", "7g.141gb");

    // SMs per profile, same order (nvidia-smi mig -lgip).
    private static final int[] AMPERE_SMS = {14, 14, 14, 28, 42, 56, 98};
    private static final int[] HOPPER_132_SMS = {16, 16, 26, 32, 60, 64, 132};
    private static final int[] HOPPER_114_SMS = {14, 14, 14, 30, 46, 62, 114};

    // ---- dies ----------------------------------------------------------------------------------

    /** NVIDIA GA100 (A100, A30): 826 mm², TSMC N7. */
    public static final GpuDie GA100 = new GpuDie("GA100", 826.0, "TSMC N7", "7nm", "");

    /** NVIDIA GH100 (H100, H200): 814 mm², TSMC 4N. */
    public static final GpuDie GH100 = new GpuDie("GH100", 814.0, "TSMC 4N", "5nm",
            "ACT has no row for TSMC 4N (a refined 5 nm-class process); its 5nm row is used");

    /** NVIDIA AD104 (L4): 294.5 mm², TSMC 4N. */
    public static final GpuDie AD104 = new GpuDie("AD104", 294.5, "TSMC 4N", "5nm",
            "ACT has no row for TSMC 4N (a refined 5 nm-class process); its 5nm row is used");

    /** NVIDIA TU104 (T4): 545 mm², TSMC 12 nm FFN. */
    public static final GpuDie TU104 = new GpuDie("TU104", 545.0, "TSMC 12nm FFN", "14nm",
            "ACT has no 12nm or 16nm row; its 14nm row, the nearest, is used");

    // ---- products -------------------------------------------------------------------------------

    /** A100 PCIe 40 GB: GA100, 40 GB HBM2, 250 W, MIG with 7 compute slices over 8 memory slots. */
    public static final GpuModel A100_PCIE_40GB = model("A100-PCIE-40GB",
            List.of("NVIDIA A100-PCIE-40GB", "A100-PCIE-40GB"), GA100, 40, "HBM2", 250,
            a100(AMPERE_40GB));

    /** A100 SXM4 40 GB: GA100, 40 GB HBM2, 400 W. */
    public static final GpuModel A100_SXM4_40GB = model("A100-SXM4-40GB",
            List.of("NVIDIA A100-SXM4-40GB", "A100-SXM4-40GB"), GA100, 40, "HBM2", 400,
            a100(AMPERE_40GB));

    /** A100 PCIe 80 GB: GA100, 80 GB HBM2e, 300 W. */
    public static final GpuModel A100_PCIE_80GB = model("A100-PCIE-80GB",
            List.of("NVIDIA A100 80GB PCIe", "NVIDIA A100-PCIE-80GB"), GA100, 80, "HBM2e", 300,
            a100(AMPERE_80GB));

    /** A100 SXM4 80 GB: GA100, 80 GB HBM2e, 400 W. */
    public static final GpuModel A100_SXM4_80GB = model("A100-SXM4-80GB",
            List.of("NVIDIA A100-SXM4-80GB", "A100-SXM4-80GB"), GA100, 80, "HBM2e", 400,
            a100(AMPERE_80GB));

    /** H100 SXM5 80 GB: GH100 (132 SMs enabled), 80 GB HBM3, 700 W. */
    public static final GpuModel H100_SXM5_80GB = model("H100-SXM5-80GB",
            List.of("NVIDIA H100 80GB HBM3", "NVIDIA H100-SXM5-80GB"), GH100, 80, "HBM3", 700,
            hopper(HOPPER_80GB, HOPPER_132_SMS));

    /** H100 PCIe 80 GB: GH100 (114 SMs enabled), 80 GB HBM2e, 350 W. */
    public static final GpuModel H100_PCIE_80GB = model("H100-PCIE-80GB",
            List.of("NVIDIA H100 PCIe", "NVIDIA H100-PCIE-80GB"), GH100, 80, "HBM2e", 350,
            hopper(HOPPER_80GB, HOPPER_114_SMS));

    /** H100 NVL 94 GB: GH100 (132 SMs enabled), 94 GB HBM3, 400 W. */
    public static final GpuModel H100_NVL_94GB = model("H100-NVL-94GB",
            List.of("NVIDIA H100 NVL"), GH100, 94, "HBM3", 400,
            hopper(HOPPER_94GB, HOPPER_132_SMS));

    /** H200 SXM 141 GB: GH100 (132 SMs enabled), 141 GB HBM3e, 700 W. */
    public static final GpuModel H200_SXM_141GB = model("H200-SXM-141GB",
            List.of("NVIDIA H200", "NVIDIA H200 141GB HBM3e"), GH100, 141, "HBM3e", 700,
            hopper(HOPPER_141GB, HOPPER_132_SMS));

    /** A30 24 GB: GA100, 24 GB HBM2, 165 W, MIG with 4 compute slices over 4 memory slots. */
    public static final GpuModel A30_24GB = model("A30-24GB",
            List.of("NVIDIA A30", "NVIDIA A30-PCIE-24GB"), GA100, 24, "HBM2", 165, a30());

    /** L4 24 GB: AD104, 24 GB GDDR6, 72 W, no MIG. */
    public static final GpuModel L4_24GB = model("L4-24GB",
            List.of("NVIDIA L4"), AD104, 24, "GDDR6", 72, null);

    /** T4 16 GB: TU104, 16 GB GDDR6, 70 W, no MIG. */
    public static final GpuModel T4_16GB = model("T4-16GB",
            List.of("Tesla T4", "NVIDIA T4"), TU104, 16, "GDDR6", 70, null);

    private static final List<GpuModel> ALL = List.of(A100_PCIE_40GB, A100_SXM4_40GB, A100_PCIE_80GB,
            A100_SXM4_80GB, H100_SXM5_80GB, H100_PCIE_80GB, H100_NVL_94GB, H200_SXM_141GB, A30_24GB, L4_24GB,
            T4_16GB);

    private static final Map<String, GpuModel> BY_KEY = index();

    /** @return every product in the catalog, in declaration order */
    public static List<GpuModel> all() {
        return ALL;
    }

    /** @return the catalog ids, as the command line takes them */
    public static List<String> ids() {
        return ALL.stream().map(GpuModel::id).toList();
    }

    /**
     * Finds a product by catalog id ({@code A100-PCIE-40GB}), constant name ({@code A100_PCIE_40GB}) or
     * NVML product name ({@code NVIDIA A100-SXM4-80GB}), ignoring case, spaces versus dashes, and a leading
     * {@code NVIDIA}.
     *
     * @param id the product's id or name, e.g. from a command-line flag
     * @return the product
     * @throws IllegalArgumentException naming the input and listing the known ids when nothing matches
     */
    public static GpuModel byId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("GPU name is empty; known GPUs: " + String.join(", ", ids()));
        }
        GpuModel m = BY_KEY.get(key(id));
        if (m == null) {
            throw new IllegalArgumentException("Unknown GPU '" + id + "'; known GPUs: " + String.join(", ", ids()));
        }
        return m;
    }

    /**
     * The product NVML reports under {@code nvmlName} ({@code nvmlDeviceGetName}), e.g.
     * {@code "NVIDIA A100-SXM4-80GB"} or {@code "Tesla T4"}. The name of a MIG device handle
     * ({@code "NVIDIA A100-SXM4-80GB MIG 3g.40gb"}) resolves to its parent product.
     *
     * @param nvmlName the name NVML reports; null or blank finds nothing
     * @return the product, or empty for a GPU the catalog does not know
     */
    public static Optional<GpuModel> forNvmlName(String nvmlName) {
        if (nvmlName == null || nvmlName.isBlank()) {
            return Optional.empty();
        }
        String name = MIG_SUFFIX.matcher(nvmlName.trim()).replaceFirst("");
        return Optional.ofNullable(BY_KEY.get(key(name)));
    }

    // ---- construction ------------------------------------------------------------------------------

    private static String key(String name) {
        String k = name.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_]+", "-");
        return k.startsWith("nvidia-") ? k.substring("nvidia-".length()) : k;
    }

    private static Map<String, GpuModel> index() {
        Map<String, GpuModel> map = new LinkedHashMap<>();
        for (GpuModel m : ALL) {
            put(map, key(m.id()), m);
            for (String n : m.nvmlNames()) {
                put(map, key(n), m);
            }
        }
        return Map.copyOf(map);
    }

    private static void put(Map<String, GpuModel> map, String key, GpuModel m) {
        GpuModel previous = map.putIfAbsent(key, m);
        if (previous != null && previous != m) {
            throw new IllegalStateException("GPU catalog: name '" + key + "' used by " + previous + " and " + m);
        }
    }

    private static GpuModel model(String id, List<String> nvmlNames, GpuDie die, double memoryGb, String memoryType,
                                  double boardWatts, MigTable mig) {
        return GpuModel.builder().id(id).nvmlNames(nvmlNames).die(die).memoryGb(memoryGb).memoryType(memoryType)
                .boardPower(Power.ofWatts(boardWatts)).mig(mig == null ? null : mig.geometry(id)).build();
    }

    private static MigTable a100(List<String> names) {
        return eightSlots(names, AMPERE_SMS);
    }

    private static MigTable hopper(List<String> names, int[] sms) {
        return eightSlots(names, sms);
    }

    /*
     * A100/H100/H200: 7 compute slices over 8 memory slots. nvidia-smi mig -lgipp:
     *   ID 19 (1g)       {0,1,2,3,4,5,6}:1     ID 20 (1g+me) {0,1,2,3,4,5,6}:1
     *   ID 15 (1g, 2x mem) {0,2,4,6}:2         ID 14 (2g)    {0,2,4}:2
     *   ID  9 (3g)       {0,4}:4               ID  5 (4g)    {0}:4
     *   ID  0 (7g)       {0}:8
     */
    private static MigTable eightSlots(List<String> names, int[] sms) {
        return new MigTable(7, 8, List.of(
                profile(names.get(0), 19, P1, 1, 1, sms[0], 0, 1, 2, 3, 4, 5, 6),
                profile(names.get(1), 20, P1_REV1, 1, 1, sms[1], 0, 1, 2, 3, 4, 5, 6),
                profile(names.get(2), 15, P1_REV2, 1, 2, sms[2], 0, 2, 4, 6),
                profile(names.get(3), 14, P2, 2, 2, sms[3], 0, 2, 4),
                profile(names.get(4), 9, P3, 3, 4, sms[4], 0, 4),
                profile(names.get(5), 5, P4, 4, 4, sms[5], 0),
                profile(names.get(6), 0, P7, 7, 8, sms[6], 0)));
    }

    /*
     * A30: 4 compute slices over 4 memory slots. nvidia-smi mig -lgipp:
     *   ID 14 (1g.6gb) {0,1,2,3}:1   ID 21 (1g.6gb+me) {0,1,2,3}:1
     *   ID  5 (2g.12gb) {0,2}:2      ID  6 (2g.12gb+me) {0,2}:2
     *   ID  0 (4g.24gb) {0}:4
     */
    private static MigTable a30() {
        return new MigTable(4, 4, List.of(
                profile("1g.6gb", 14, P1, 1, 1, 14, 0, 1, 2, 3),
                profile("1g.6gb+me", 21, P1_REV1, 1, 1, 14, 0, 1, 2, 3),
                profile("2g.12gb", 5, P2, 2, 2, 28, 0, 2),
                profile("2g.12gb+me", 6, P2_REV1, 2, 2, 28, 0, 2),
                profile("4g.24gb", 0, P4, 4, 4, 56, 0)));
    }

    private static MigProfile profile(String name, int id, int index, int computeSlices, int memorySlices, int sms,
                                      int... starts) {
        Matcher m = PROFILE_MEMORY.matcher(name);
        if (!m.matches() || !name.startsWith(computeSlices + "g.")) {
            throw new IllegalStateException("GPU catalog: malformed MIG profile name " + name);
        }
        List<MigPlacement> placements = new ArrayList<>();
        for (int s : starts) {
            placements.add(new MigPlacement(s, memorySlices));
        }
        return MigProfile.builder().name(name).nvmlProfileId(id).nvmlProfileIndex(index).computeSlices(computeSlices)
                .memorySlices(memorySlices).memoryGb(Double.parseDouble(m.group(1))).smCount(sms)
                .mediaExtensions(m.group(2) != null).placements(placements).build();
    }

    private record MigTable(int computeSlices, int memorySlots, List<MigProfile> profiles) {
        MigGeometry geometry(String gpu) {
            return new MigGeometry(gpu, computeSlices, memorySlots, profiles);
        }
    }
}
