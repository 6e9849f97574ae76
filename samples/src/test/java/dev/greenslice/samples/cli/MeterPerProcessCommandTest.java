package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code meter --per-process}: the share of the GPU used by the meter and the command, next to the board total. */
class MeterPerProcessCommandTest {

    // Real time, so that the driver's samples and energy move while the command runs; this JVM (pid=self) keeps
    // 60 % of the SMs busy, another process 20 %, at a constant 300 W.
    private static final String SHARED_GPU = "clock real\ndevice A100-SXM4-80GB\n  power 0:300000\n"
            + "  process pid=self mem_mb=100 sm=60\n  process pid=4242 mem_mb=100 sm=20\n";

    @Test
    void jsonGivesTheProcessShareNextToTheBoard() throws Exception {
        String lib = SimulatedNvmlFile.reset(SHARED_GPU);
        CliRun run = CliRun.of("meter", "--json", "--per-process", "--nvml-library", lib, "--", "sleep", "2");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = JsonOutput.MAPPER.readTree(run.out());
        JsonNode share = root.get("perProcess").get(0);
        assertEquals("gpu:0/process", share.get("domain").asText());
        assertEquals("gpu:0", share.get("board").asText());
        assertEquals("BY_ACTIVE_TIME", share.get("staticEnergyRule").asText());
        assertTrue(share.get("available").asBoolean(), run.out());
        double board = share.get("boardEnergyJoules").asDouble();
        double ours = share.get("energyJoules").asDouble();
        assertTrue(board > 500, "300 W for about two seconds: " + board);
        // At a constant power all of it is baseline (the lowest power seen), paid by active time: 60 % is ours, less
        // the start of the run before the driver's first per-process sample (up to a sampling period, 167 ms, of 2 s;
        // a 1 s run measured 0.54 once on a loaded machine).
        assertTrue(ours / board > 0.5 && ours / board < 0.65, ours / board + " " + run.out());
        // the period is named once the driver has samples (the real clock may not have ended one when the meter starts)
        assertTrue(root.get("sensors").toString().contains("driver sampling period"), root.get("sensors").toString());
        assertTrue(root.get("report").get("totalEnergyJoules") == null
                || root.get("report").toString().contains("gpu:0/process"), run.out());
    }

    @Test
    void textNamesTheRuleAndAMigGpuSaysWhyThereIsNoShare() throws Exception {
        String lib = SimulatedNvmlFile.reset("clock real\ndevice A100-SXM4-80GB\n  power 0:300000\n  mig enabled\n"
                + "  gi 7g.80gb@0\n  process pid=self mem_mb=100 gi=1 ci=0 sm=60\n");
        CliRun run = CliRun.of("meter", "--per-process", "--static-energy", "none", "--nvml-library", lib, "--",
                "true");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("gpu:0/process: unavailable"), run.out());
        assertTrue(run.out().contains("NOT_SUPPORTED"), run.out());
        assertTrue(run.out().contains("not attributed"), run.out());
    }

    @Test
    void anUnknownRuleIsAUsageErrorOnOneLine() {
        CliRun run = CliRun.of("meter", "--per-process", "--static-energy", "half", "--", "true");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("--static-energy half"), run.err());
        assertFalse(run.out().contains("Carbon report"), run.out());
    }
}
