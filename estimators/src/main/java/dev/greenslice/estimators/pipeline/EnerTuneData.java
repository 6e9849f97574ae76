package dev.greenslice.estimators.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small reader for the measured A100-80GB profiles shipped under
 * {@code dev/greenslice/estimators/data/enertune-a100-80gb/} (from the public repository
 * {@code UT-SysML/EnerTune}: {@code data/model_datastore.csv} and the power constants in
 * {@code src/scheduler.py}; one NVIDIA A100 80GB, CUDA 12.9, driver 575.57.08, one model at a time, each
 * on its own MIG instance). Only what the example pipelines need.
 */
final class EnerTuneData {

    static final String BASE = "/dev/greenslice/estimators/data/enertune-a100-80gb/";
    static final String PROVENANCE = "measured on an NVIDIA A100 80GB by the EnerTune authors "
            + "(github.com/UT-SysML/EnerTune, data/model_datastore.csv), shipped as " + BASE.substring(1);

    private static final String MODEL_HEADER =
            "model,batch_size,mig_slices,frequency,avg_power_draw,dynamic_power_draw,throughput,latency";
    private static final String DEVICE_HEADER = "frequency_mhz,static_power_w,fan_power_w,idle_power_w";

    /** One measured row. Units: W, requests/s, ms. */
    record Row(String model, int batchSize, int migSlices, int clockMhz, double averageWatts, double dynamicWatts,
               double throughputPerSecond, double latencyMillis) {
    }

    private static volatile List<Row> rows;
    private static volatile Map<Integer, Double> baseline;

    private EnerTuneData() {
    }

    static List<Row> rows() {
        List<Row> r = rows;
        if (r == null) {
            try (Reader in = open("model_datastore.csv")) {
                r = parseModels(in, "model_datastore.csv");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + BASE + "model_datastore.csv: " + e.getMessage(), e);
            }
            rows = r;
        }
        return r;
    }

    /** Board baseline (static + fan + idle) in watts per SM clock in MHz. */
    static Map<Integer, Double> baselineWatts() {
        Map<Integer, Double> b = baseline;
        if (b == null) {
            try (Reader in = open("device_power.csv")) {
                b = parseDevice(in, "device_power.csv");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + BASE + "device_power.csv: " + e.getMessage(), e);
            }
            baseline = b;
        }
        return b;
    }

    private static Reader open(String file) {
        InputStream in = EnerTuneData.class.getResourceAsStream(BASE + file);
        if (in == null) {
            throw new IllegalStateException("The resource " + BASE + file
                    + " is missing from the classpath; the greenslice-estimators jar ships it");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    static List<Row> parseModels(Reader reader, String name) throws IOException {
        List<Row> out = new ArrayList<>();
        BufferedReader in = new BufferedReader(reader);
        String header = in.readLine();
        if (header == null || !header.strip().equals(MODEL_HEADER)) {
            throw new IllegalArgumentException(name + " line 1: expected the header '" + MODEL_HEADER + "', got '"
                    + header + "'");
        }
        String line;
        int n = 1;
        while ((line = in.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 8) {
                throw new IllegalArgumentException(name + " line " + n + ": expected 8 comma-separated fields, got "
                        + f.length + " in '" + line + "'");
            }
            out.add(new Row(f[0].strip(), integer(f[1], "batch_size", name, n), integer(f[2], "mig_slices", name, n),
                    integer(f[3], "frequency", name, n), positive(f[4], "avg_power_draw", name, n),
                    positive(f[5], "dynamic_power_draw", name, n), positive(f[6], "throughput", name, n),
                    positive(f[7], "latency", name, n)));
        }
        return List.copyOf(out);
    }

    static Map<Integer, Double> parseDevice(Reader reader, String name) throws IOException {
        Map<Integer, Double> out = new TreeMap<>();
        BufferedReader in = new BufferedReader(reader);
        String header = in.readLine();
        if (header == null || !header.strip().equals(DEVICE_HEADER)) {
            throw new IllegalArgumentException(name + " line 1: expected the header '" + DEVICE_HEADER + "', got '"
                    + header + "'");
        }
        String line;
        int n = 1;
        while ((line = in.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 4) {
                throw new IllegalArgumentException(name + " line " + n + ": expected 4 comma-separated fields, got "
                        + f.length + " in '" + line + "'");
            }
            out.put(integer(f[0], "frequency_mhz", name, n), positive(f[1], "static_power_w", name, n)
                    + positive(f[2], "fan_power_w", name, n) + positive(f[3], "idle_power_w", name, n));
        }
        return Map.copyOf(out);
    }

    private static int integer(String text, String column, String name, int line) {
        try {
            int v = Integer.parseInt(text.strip());
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " line " + line + ": column '" + column
                    + "' must be a positive integer, got '" + text + "'");
        }
    }

    private static double positive(String text, String column, String name, int line) {
        try {
            double v = Double.parseDouble(text.strip());
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " line " + line + ": column '" + column
                    + "' must be a finite positive number, got '" + text + "'");
        }
    }
}
