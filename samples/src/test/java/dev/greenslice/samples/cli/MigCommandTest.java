package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.greenslice.samples.cli.EmbodiedCommandTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void layoutsListsTheNineteenMaximalBaseLayoutsAsJson() throws Exception {
        Cli.Result r = Cli.run("mig", "layouts", "--gpu", "A100-SXM4-80GB", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals("A100-SXM4-80GB", j.get("gpu").asText());
        assertEquals("base", j.get("profileSet").asText());
        assertEquals(19, j.get("count").asInt());
        assertEquals(19, j.get("layouts").size());
        Set<String> layouts = new HashSet<>();
        for (JsonNode layout : j.get("layouts")) {
            List<String> parts = new ArrayList<>();
            int slots = 0;
            for (JsonNode i : layout) {
                parts.add(i.get("profile").asText() + "@" + i.get("start").asInt());
                slots += i.get("size").asInt();
            }
            assertTrue(slots <= 8, layout.toString());
            layouts.add(String.join(",", parts));
        }
        assertTrue(layouts.contains("4g.40gb@0,3g.40gb@4"), layouts.toString());
        assertTrue(layouts.contains("7g.80gb@0"), layouts.toString());
        assertTrue(layouts.contains("3g.40gb@0,3g.40gb@4"), layouts.toString());
    }

    @Test
    void allProfilesAddsMediaExtensionAndDoubleMemoryLayouts() throws Exception {
        Cli.Result r = Cli.run("mig", "layouts", "--gpu", "H100-SXM5-80GB", "--all-profiles", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals("all", j.get("profileSet").asText());
        assertTrue(j.get("count").asInt() > 19);
        assertTrue(r.out().contains("\"1g.10gb+me\"") && r.out().contains("\"1g.20gb\""));
    }

    @Test
    void layoutsTextHasOneLinePerLayout() {
        Cli.Result r = Cli.run("mig", "layouts", "--gpu", "A30-24GB");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("5 maximal MIG layouts of A30-24GB"), r.out());
        assertEquals(6, r.out().strip().lines().count(), r.out());
        assertTrue(r.out().contains("2g.12gb@0,2g.12gb@2"), r.out());
    }

    @Test
    void validateSaysOkForFourGPlusThreeG() throws Exception {
        Cli.Result r = Cli.run("mig", "validate", "--gpu", "A100-SXM4-80GB", "--layout", "4g@0,3g@4");
        assertEquals(0, r.exit(), r.err());
        assertEquals("ok", r.out().strip());
        assertEquals("", r.err());

        Cli.Result json = Cli.run("mig", "validate", "--gpu", "A100-SXM4-80GB", "--layout", "4g@0,3g@4", "--json");
        JsonNode j = JSON.readTree(json.out());
        assertTrue(j.get("valid").asBoolean());
        assertEquals("4g.40gb@0,3g.40gb@4", j.get("layout").asText());
        assertEquals(7, j.get("computeSlicesUsed").asInt());
        assertEquals(2, j.get("instances").size());
    }

    @Test
    void validateNamesTheConflictOnOneStderrLine() throws Exception {
        Cli.Result r = Cli.run("mig", "validate", "--gpu", "A100-SXM4-80GB", "--layout", "3g@0,3g@4,1g@6");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertOneLine(r.err(), "greenslice mig validate:", "3g.40gb@4 and 1g.10gb@6 overlap on memory slot 6");

        Cli.Result fourFour = Cli.run("mig", "validate", "--gpu", "A100-SXM4-80GB", "--layout", "4g@0,4g@4", "--json");
        assertEquals(1, fourFour.exit());
        assertOneLine(fourFour.err(), "4g.40gb@4", "cannot start at memory slot 4", "8 compute slices");
        JsonNode j = JSON.readTree(fourFour.out());
        assertEquals(false, j.get("valid").asBoolean());
        assertEquals(2, j.get("problems").size());
    }

    @Test
    void malformedInputIsAUsageError() {
        Cli.Result bad = Cli.run("mig", "validate", "--gpu", "A100-SXM4-80GB", "--layout", "4g@zero");
        assertEquals(2, bad.exit());
        assertOneLine(bad.err(), "greenslice mig validate: --layout:", "'zero'");

        Cli.Result noMig = Cli.run("mig", "layouts", "--gpu", "T4-16GB");
        assertEquals(2, noMig.exit());
        assertOneLine(noMig.err(), "T4-16GB has no MIG", "A30-24GB");

        Cli.Result empty = Cli.run("mig", "validate", "--gpu", "A30-24GB", "--layout", " ");
        assertEquals(2, empty.exit());
        assertOneLine(empty.err(), "--layout", "empty");

        Cli.Result bare = Cli.run("mig");
        assertEquals(2, bare.exit());
        assertOneLine(bare.err(), "layouts", "validate");
    }
}
