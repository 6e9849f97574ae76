package dev.greenslice.rapl;

import java.io.IOException;
import java.util.Locale;

/**
 * The vendor, family and model of the CPU, from the first processor of {@code /proc/cpuinfo}: the MSR backend
 * needs them to pick the registers and the units quirks the kernel applies.
 *
 * @param vendor {@code GenuineIntel}, {@code AuthenticAMD}, {@code HygonGenuine}, ...
 * @param family the {@code cpu family} field
 * @param model  the {@code model} field
 */
record CpuIdentity(String vendor, int family, int model) {

    /** Intel server parts whose DRAM counter counts 15.3 µJ whatever the unit register says (as the kernel's rapl_defaults_hsw_server). */
    private static final int[] INTEL_DRAM_15_3_UJ = {
            0x3F, // Haswell-X
            0x4F, // Broadwell-X
            0x55, // Skylake-X, Cascade Lake, Cooper Lake
            0x6A, // Ice Lake-X
            0x6C, // Ice Lake-D
            0x57, // Xeon Phi Knights Landing
            0x85, // Xeon Phi Knights Mill
    };

    /** Intel server parts whose psys counter counts whole joules (the kernel's rapl_defaults_spr_server). */
    private static final int[] INTEL_PSYS_1_J = {
            0x8F, // Sapphire Rapids
            0xCF, // Emerald Rapids
    };

    /** Silvermont and Airmont Atoms, whose energy unit is 2^ESU µJ rather than 1/2^ESU J. */
    private static final int[] INTEL_ATOM_UNITS = {0x37, 0x4A, 0x4C, 0x5A};

    boolean isIntel() {
        return vendor.equals("GenuineIntel");
    }

    boolean isAmdLike() {
        return vendor.equals("AuthenticAMD") || vendor.equals("HygonGenuine");
    }

    boolean dramUnitIs15_3MicroJoules() {
        return isIntel() && family == 6 && contains(INTEL_DRAM_15_3_UJ, model);
    }

    boolean psysUnitIsOneJoule() {
        return isIntel() && family == 6 && contains(INTEL_PSYS_1_J, model);
    }

    boolean atomEnergyUnits() {
        return isIntel() && family == 6 && contains(INTEL_ATOM_UNITS, model);
    }

    private static boolean contains(int[] models, int model) {
        for (int m : models) {
            if (m == model) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses the first processor block of {@code /proc/cpuinfo}.
     *
     * @throws IOException naming the field that is missing or malformed
     */
    static CpuIdentity parse(String cpuinfo, String source) throws IOException {
        String vendor = null;
        Integer family = null;
        Integer model = null;
        for (String line : cpuinfo.split("\n")) {
            if (line.isBlank()) {
                if (vendor != null) {
                    break; // end of the first processor
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            try {
                switch (key) {
                    case "vendor_id" -> vendor = vendor == null ? value : vendor;
                    case "cpu family" -> family = family == null ? Integer.parseInt(value) : family;
                    case "model" -> model = model == null ? Integer.parseInt(value) : model;
                    default -> {
                        // other fields are not needed
                    }
                }
            } catch (NumberFormatException e) {
                throw new IOException(source + ": '" + key + "' is not a number: '" + value + "'");
            }
        }
        if (vendor == null || family == null || model == null) {
            throw new IOException(source + " lacks " + (vendor == null ? "vendor_id" : family == null ? "cpu family" : "model")
                    + " (not an x86 /proc/cpuinfo?)");
        }
        return new CpuIdentity(vendor, family, model);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s family 0x%x model 0x%x", vendor, family, model);
    }
}
