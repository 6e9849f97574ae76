package dev.greenslice.samples.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GreenSliceCommandTest {

    @Test
    void noCommandPrintsTheUsageOnStderrAndExitsWithTheUsageStatus() {
        Cli.Result r = Cli.run();
        assertEquals(2, r.exit());
        assertEquals("", r.out(), "nothing on stdout");
        assertTrue(r.err().contains("Usage: greenslice"), r.err());
        assertTrue(r.err().strip().endsWith("a command is missing; start with 'greenslice study' (the co-location"
                + " study) or 'greenslice meter -- CMD' (see --help)"), r.err());
    }

    @Test
    void anUnknownCommandGetsADidYouMean() {
        Cli.Result r = Cli.run("plna");
        assertEquals(2, r.exit());
        assertEquals("greenslice: Unmatched argument at index 0: 'plna'; did you mean plan? (see --help)",
                r.err().strip());
    }

    @Test
    void commandsAreListedInTheOrderANewUserReachesForThem() {
        Cli.Result r = Cli.run("--help");
        assertEquals(0, r.exit());
        List<String> order = List.of("study", "meter", "gpus", "intensity", "embodied", "estimate", "plan", "tune",
                "tune-online", "clocks", "mig", "profile", "pipeline", "help");
        int last = -1;
        for (String c : order) {
            int at = r.out().indexOf("\n  " + c + " ");
            assertTrue(at > last, c + " out of order in:\n" + r.out());
            last = at;
        }
    }
}
