package dev.greenslice.samples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Numbers that wrapped, saturated or blew up, and messages that did not help (issue 14): each refused with one
 * short line on stderr naming the input and the fix, exit 2 for bad input and 1 for a runtime fault.
 */
class HostileInputTest {

    /** One line, short, no stack trace, the exit status expected. */
    static CliRun refused(int exit, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(exit, r.exitCode(), r.err());
        String err = r.err().strip();
        assertFalse(err.isEmpty(), "an error on stderr");
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception:"), "no stack trace: " + err);
        assertTrue(err.length() < 600, "short: " + err.length() + " chars");
        return r;
    }

    static Path workload(Path dir, String requests, String batch) throws Exception {
        return Files.writeString(dir.resolve("w.json"), "{\"models\":[{\"model\":\"whisper\",\"batchSize\":" + batch
                + ",\"requests\":" + requests + "}]}");
    }

    static String[] plan(Path workload) {
        return new String[] {"plan", "--gpu", "A100-SXM4-80GB", "--intensity", "gas", "--workload",
                workload.toString(), "--json"};
    }

    @Test
    void integersBeyondTheirRangeAreRefusedNotNarrowed(@TempDir Path dir) throws Exception {
        // 2^64 + 5 was read as 5 requests, 2^64 + 16 as a batch of 16.
        CliRun requests = refused(2, plan(workload(dir, "18446744073709551621", "16")));
        assertTrue(requests.err().contains("models[0].requests") && requests.err().contains("18446744073709551621"),
                requests.err());
        CliRun batch = refused(2, plan(workload(dir, "100", "18446744073709551632")));
        assertTrue(batch.err().contains("models[0].batchSize") && batch.err().contains("2147483647"), batch.err());
        refused(2, plan(workload(dir, "-1", "16")));
        refused(2, plan(workload(dir, "1e3", "16")));
    }

    @Test
    void workloadsThatWouldRunLongerThanTheRangeOfTimeAreRefusedNamingTheLimit(@TempDir Path dir) throws Exception {
        // 10^12, 10^15 and 10^17 requests all gave 74,671,958 g (time saturated); Long.MAX_VALUE gave 0 g.
        for (String n : new String[] {"1000000000000", "1000000000000000", "9223372036854775807"}) {
            CliRun r = refused(2, plan(workload(dir, n, "16")));
            assertTrue(r.err().contains("292 years") && r.err().contains(n), r.err());
        }
        // Below the limit the figure grows with the work.
        CliRun small = CliRun.of(plan(workload(dir, "1000000", "16")));
        CliRun large = CliRun.of(plan(workload(dir, "10000000", "16")));
        assertEquals(0, small.exitCode(), small.err());
        double g1 = JsonOutput.MAPPER.readTree(small.out()).get("totalCarbonGrams").asDouble();
        double g10 = JsonOutput.MAPPER.readTree(large.out()).get("totalCarbonGrams").asDouble();
        assertTrue(g10 > 9 * g1 && g10 < 11 * g1, g1 + " g then " + g10 + " g");
    }

    @Test
    void binaryHugeAndUnreadableWorkloadFilesSayWhatIsWrong(@TempDir Path dir) throws Exception {
        byte[] binary = new byte[3000];
        new Random(14).nextBytes(binary);
        Path bin = Files.write(dir.resolve("bin.json"), binary);
        CliRun b = refused(2, plan(bin));
        assertTrue(b.err().contains("not UTF-8") && b.err().contains("bin.json"), b.err());
        CliRun d = refused(2, plan(dir));
        assertTrue(d.err().contains("is a directory"), d.err());
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[(int) WorkloadFile.MAX_BYTES + 1]);
        CliRun h = refused(2, plan(big));
        assertTrue(h.err().contains("larger than 16 MiB"), h.err());
        CliRun deep = refused(2, plan(Files.writeString(dir.resolve("deep.json"), "[".repeat(100_000))));
        assertTrue(deep.err().contains("deep.json"), deep.err());
        CliRun missing = refused(2, plan(dir.resolve("nope.json")));
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }

    @Test
    void pipelineRefusesDurationsAndRatesBeyondItsLimitsAndSamplesLargeRatesQuickly() {
        // --duration 2000000000 died with OutOfMemoryError and a stack trace.
        CliRun d = refused(2, "pipeline", "--trace", "steady-low", "--duration", "2000000000");
        assertTrue(d.err().contains("604800"), d.err());
        CliRun p = refused(2, "pipeline", "--trace", "steady-low", "--peak-rps", "1e12", "--duration", "60");
        assertTrue(p.err().contains("1e9"), p.err());
        refused(2, "pipeline", "--trace", "steady-low", "--peak-rps", "NaN", "--duration", "60");
        // 1e9 ran for minutes inside the Poisson sampler; now it is a trace like any other.
        CliRun ok = CliRun.of("pipeline", "--trace", "steady-low", "--peak-rps", "1e9", "--duration", "60", "--json");
        assertEquals(0, ok.exitCode(), ok.err());
    }

    @Test
    void aMigLayoutWithMoreEntriesThanSlicesIsRefusedAtOnceInOneShortLine() {
        // 10,000 entries printed a 357 MB line and needed 2.6 GB.
        String layout = String.join(",", java.util.Collections.nCopies(10_000, "1g@0"));
        CliRun r = refused(1, "mig", "validate", "--gpu", "A100-SXM4-80GB", "--layout", layout);
        assertTrue(r.err().contains("10000 instances") && r.err().contains("at most 7"), r.err());
        CliRun json = CliRun.of("mig", "validate", "--gpu", "A100-SXM4-80GB", "--layout", layout, "--json");
        assertEquals(1, json.exitCode());
        assertTrue(json.out().length() < 2000, json.out().length() + " chars of JSON");
        CliRun huge = refused(2, "mig", "validate", "--gpu", "A100-SXM4-80GB", "--layout", "9".repeat(100_000) + "g@0");
        assertTrue(huge.err().contains("chars"), huge.err());
    }

    @Test
    void tuneOnlineRefusesMoreRequestsPerProbeThanItCanSimulate() {
        // 10^12 said "integer overflow".
        CliRun r = refused(2, "tune-online", "--model", "whisper:16:4", "--requests", "1000000000000");
        assertTrue(r.err().contains("--requests") && r.err().contains("10000000"), r.err());
        CliRun notation = refused(2, "tune-online", "--model", "whisper:16:4", "--requests", "1e12");
        assertTrue(notation.err().contains("whole number"), notation.err());
    }

    @Test
    void aGpuLostDuringAProbeIsADeviceFaultExitOne() throws Exception {
        String lib = SimulatedNvmlFile.reset("clock real\ndevice A100-SXM4-80GB\n  power 0:200000\n"
                + "error nvmlDeviceGetTotalEnergyConsumption GPU_IS_LOST call=4\n");
        CliRun r = refused(1, "tune-online", "--nvml-library", lib, "--requests", "10", "--", "true");
        assertTrue(r.err().contains("GPU is lost") || r.err().contains("DEVICE_LOST"), r.err());
    }

    @Test
    void profilePredictRefusesQueriesOutsideTheDeviceAndLabelsExtrapolation(@TempDir Path dir) throws Exception {
        StringBuilder train = new StringBuilder("model,batch_size,mig_slices,frequency,dynamic_power_draw,throughput,latency\n");
        for (int s : new int[] {1, 2, 3}) {
            for (int f : new int[] {690, 870, 1050}) {
                train.append("m,8,").append(s).append(',').append(f).append(',').append(20 + 10 * s * f / 1000.0)
                        .append(',').append(10.0 * s * f / 1000).append(',').append(800.0 / (s * f / 1000.0)).append('\n');
            }
        }
        Path t = Files.writeString(dir.resolve("train.csv"), train);
        // 9 slices at 5,000 MHz predicted 31,675 W.
        Path nine = Files.writeString(dir.resolve("nine.csv"), "model,batch_size,mig_slices,frequency\nm,8,9,1050\n");
        CliRun r = refused(2, "profile", "predict", "--train", t.toString(), "--query", nine.toString());
        assertTrue(r.err().contains("9 slices is not a MIG instance size"), r.err());
        Path fast = Files.writeString(dir.resolve("fast.csv"), "model,batch_size,mig_slices,frequency\nm,8,2,5000\n");
        CliRun c = refused(2, "profile", "predict", "--train", t.toString(), "--query", fast.toString());
        assertTrue(c.err().contains("5000 MHz is outside") && c.err().contains("210-1410"), c.err());
        // Within the device but beyond the training rows: predicted, and said to be an extrapolation.
        Path beyond = Files.writeString(dir.resolve("beyond.csv"),
                "model,batch_size,mig_slices,frequency\nm,8,7,1410\nm,8,2,960\n");
        CliRun ok = CliRun.of("profile", "predict", "--train", t.toString(), "--query", beyond.toString(), "--json");
        assertEquals(0, ok.exitCode(), ok.err());
        com.fasterxml.jackson.databind.JsonNode rows = JsonOutput.MAPPER.readTree(ok.out());
        assertTrue(rows.get(0).get("extrapolated").asBoolean(), rows.toString());
        assertTrue(rows.get(0).get("extrapolation").asText().contains("clock 1410 MHz outside the trained 690-1050"),
                rows.toString());
        assertFalse(rows.get(1).get("extrapolated").asBoolean(), rows.toString());
        CliRun text = CliRun.of("profile", "predict", "--train", t.toString(), "--query", beyond.toString());
        assertTrue(text.out().contains("* extrapolated") && text.out().contains("1 of 2 predictions"), text.out());
    }

    @Test
    void aDirectoryGivenAsTheNvmlLibraryIsSaidToBeOneInTheCommandLinesWords(@TempDir Path dir) {
        // It said "the file DIR does not exist".
        CliRun r = refused(1, "gpus", "--nvml-library", dir.toString());
        assertTrue(r.err().contains(dir + " is a directory") && r.err().contains("--nvml-library"), r.err());
        assertFalse(r.err().contains("withLibrary"), "no Java builder advice on the command line: " + r.err());
    }

    @Test
    void liveProviderMessagesGiveCommandLineFixesNotJavaBuilderAdvice() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("ELECTRICITYMAPS_TOKEN") == null);
        CliRun r = refused(1, "intensity", "electricitymaps:DE");
        assertTrue(r.err().contains("ELECTRICITYMAPS_TOKEN"), r.err());
        assertFalse(r.err().contains(".token(") || r.err().contains("builder"), r.err());
        // The failure of a fetch, as the library words it for a Java caller:
        String library = "No carbon intensity from UK Carbon Intensity API (NESO) for 2026-12-08T00:09:03Z: cannot"
                + " connect to api.carbonintensity.org.uk; there is no earlier value and no fallback source. Check the"
                + " service and the credentials, or set .fallback(...) on the builder, e.g."
                + " CarbonIntensities.of(EnergySource.GAS)";
        String cli = IntensitySpec.inCliWords(library);
        assertFalse(cli.contains(".fallback(") || cli.contains("builder") || cli.contains("CarbonIntensities"), cli);
        assertTrue(cli.endsWith("or give a fixed intensity instead (e.g. gas or 350)"), cli);
    }

    @Test
    void nanAndInfinityAreNotQuantities() {
        CliRun r = refused(2, "estimate", "--clock", "1050", "--model", "whisper:16:4", "--method", "additive",
                "--json", "--clock", "NaN");
        assertTrue(r.err().contains("NaN") || r.err().contains("whole number"), r.err());
        CliRun f = refused(2, "tune-online", "--model", "whisper:16:4", "--follow", "Infinity");
        assertTrue(f.err().contains("not a finite number"), f.err());
    }

    @Test
    void endlessOrBinaryCsvInputsAreRefusedBeforeTheyAreRead(@TempDir Path dir) throws Exception {
        // /dev/zero was read until the heap ran out (one line, but after 30 s and 1 GB).
        CliRun zero = refused(2, "intensity", "trace:/dev/zero");
        assertTrue(zero.err().contains("not a regular file"), zero.err());
        byte[] binary = new byte[3000];
        new Random(7).nextBytes(binary);
        Path bin = Files.write(dir.resolve("bin.csv"), binary);
        // Binary CSV said "Input length = 1".
        for (String[] args : new String[][] {{"intensity", "trace:" + bin}, {"pipeline", "--trace", bin.toString()},
                {"profile", "predict", "--train", bin.toString(), "--query", bin.toString()}}) {
            CliRun r = refused(2, args);
            assertTrue(r.err().contains("not UTF-8 text") && r.err().contains("bin.csv"), r.err());
        }
    }

    @Test
    void absurdSharesSlosAndMemoryAreRefusedNotOverflowed(@TempDir Path dir) throws Exception {
        // memoryGb 1e308 printed a 309-digit "needs ... GB"; a load share of 1e-300 gave a negative mean latency.
        Path memory = Files.writeString(dir.resolve("m.json"),
                "{\"models\":[{\"model\":\"whisper\",\"batchSize\":16,\"requests\":100,\"memoryGb\":1e308}]}");
        CliRun m = refused(2, plan(memory));
        assertTrue(m.err().contains("memoryGb") && m.err().contains("up to 10000"), m.err());
        CliRun tiny = refused(2, "tune-online", "--model", "whisper:16:4", "--load", "poisson:1e-300");
        assertTrue(tiny.err().contains("292 years"), tiny.err());
    }

    @Test
    void aWorkloadWithMoreModelsThanThePlannersTakeIsRefusedAtOnce(@TempDir Path dir) throws Exception {
        // 20,000 models planned for minutes.
        String one = "{\"model\":\"whisper\",\"batchSize\":16,\"requests\":100}";
        Path many = Files.writeString(dir.resolve("many.json"),
                "{\"models\":[" + String.join(",", java.util.Collections.nCopies(WorkloadFile.MAX_MODELS + 1, one)) + "]}");
        CliRun r = refused(2, plan(many));
        assertTrue(r.err().contains("at most 2000 models"), r.err());
        CliRun d = refused(2, "intensity", "trace:" + dir);
        assertTrue(d.err().contains("is a directory"), d.err());
    }
}
