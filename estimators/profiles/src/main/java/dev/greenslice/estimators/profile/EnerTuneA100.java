package dev.greenslice.estimators.profile;

import dev.greenslice.carbon.gpu.GpuCatalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded default data set: measured inference profiles of 11 models on one NVIDIA A100 80GB PCIe, per
 * MIG slices {1, 2, 3, 4, 7} × 15 SM clocks (210–1410 MHz) × batch size, and the board's baseline power per
 * clock.
 *
 * <p>Provenance: real measurements from the public repository {@code UT-SysML/EnerTune}
 * ({@code data/model_datastore.csv} and the power constants in {@code src/scheduler.py}), published by the
 * authors of the co-location study; measured on one NVIDIA A100 80GB PCIe (CUDA 12.9, driver 575.57.08), one
 * model at a time, each on its own MIG instance. The files ship byte-for-byte in this jar under
 * {@value #RESOURCE_DIR}. The data hold isolated runs only: no measurement shows two models sharing a GPU.
 *
 * <p><b>Memory need.</b> The data set has no memory column. Each model's memory need is inferred by
 * {@link ModelProfile#withMemoryNeedInferredFrom}, the same rule as for profiles read from a file: the memory
 * of the smallest MIG instance it was measured on (10 GB for a 1-slice instance, 20 GB for 2 slices on an
 * A100 80GB), an upper bound known to work, labelled as inferred.
 *
 * <p><b>Device.</b> Measured on an NVIDIA A100 80GB PCIe (300 W board; the source repository's GPU traces
 * name the device "NVIDIA A100 80GB PCIe"): {@link #GPU} is {@code A100-PCIE-80GB}, the default GPU wherever
 * these profiles are the default. They may stand for the A100 SXM4 80GB (same GA100 die, same MIG table): its
 * instances run the same kernels, but its board has a 400 W limit, more cooling and its own idle power, so
 * baseline and high-clock power there differ from these figures; plans and tunes for it say so.
 *
 * <p>Loaded once, lazily; thread-safe. A damaged jar fails with {@link IllegalStateException}.
 */
public final class EnerTuneA100 {

    /** The classpath folder holding the data set. */
    public static final String RESOURCE_DIR = "/dev/greenslice/estimators/data/enertune-a100-80gb/";

    /** The GPU type the data set was measured on. */
    public static final String GPU = "A100-PCIE-80GB";

    /** The provenance line of the data set, to repeat wherever its figures are reported. */
    public static final String PROVENANCE = "EnerTune A100-80GB profiles (UT-SysML/EnerTune data/model_datastore.csv"
            + " and src/scheduler.py; one NVIDIA A100 80GB PCIe, 300 W, CUDA 12.9, driver 575.57.08; isolated runs)";

    private EnerTuneA100() {
    }

    private static final class Holder {
        static final DevicePowerProfile DEVICE = loadDevice();
        static final ModelProfiles PROFILES = loadProfiles();
    }

    /** @return the 11 models' measured profiles, with memory needs as described above */
    public static ModelProfiles profiles() {
        return Holder.PROFILES;
    }

    /** @return the A100 80GB's baseline power per SM clock */
    public static DevicePowerProfile devicePower() {
        return Holder.DEVICE;
    }

    private static DevicePowerProfile loadDevice() {
        try (Reader r = resource("device_power.csv")) {
            DevicePowerProfile p = ProfileCsv.readDevicePower(r, "device_power.csv", GPU);
            return DevicePowerProfile.of(GPU, clocks(p), PROVENANCE);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the embedded device power data: " + e.getMessage(), e);
        }
    }

    private static List<DevicePowerProfile.Baseline> clocks(DevicePowerProfile p) {
        List<DevicePowerProfile.Baseline> list = new ArrayList<>();
        for (int c : p.clocksMhz()) {
            list.add(p.at(c));
        }
        return list;
    }

    private static ModelProfiles loadProfiles() {
        try (Reader r = resource("model_datastore.csv")) {
            ModelProfiles measured = ProfileCsv.readProfiles(r, "model_datastore.csv", null);
            List<ModelProfile> list = new ArrayList<>();
            for (ModelProfile p : measured) {
                ModelProfile q = ModelProfile.of(p.model(), p.points(), PROVENANCE);
                list.add(q.withMemoryNeedInferredFrom(GpuCatalog.A100_PCIE_80GB.mig()));
            }
            return ModelProfiles.of(list, "embedded " + PROVENANCE);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the embedded profiles: " + e.getMessage(), e);
        }
    }

    private static Reader resource(String name) {
        InputStream in = EnerTuneA100.class.getResourceAsStream(RESOURCE_DIR + name);
        if (in == null) {
            throw new IllegalStateException("The embedded data file " + RESOURCE_DIR + name
                    + " is missing from the classpath; rebuild the estimators jar");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /**
     * Reads the README shipped with the data set (its provenance and column meanings).
     *
     * @return the README's Markdown text
     * @throws IllegalStateException if the README is missing from the classpath
     */
    public static String readme() {
        try (InputStream in = EnerTuneA100.class.getResourceAsStream(RESOURCE_DIR + "README.md")) {
            if (in == null) {
                throw new IllegalStateException("The embedded data README is missing; rebuild the estimators jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
