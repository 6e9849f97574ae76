package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.PlannedGpu;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanExportTest {

    @Test
    void migPartedHasOneEntryPerGpuWithProfileCountsAndThePlacementsInComments() {
        DeploymentPlan shared = MigPlannersTest.PLANNERS.carbon().plan(MigPlannersTest.pair(EnergySource.GAS));
        DeploymentPlan dedicated = MigPlannersTest.PLANNERS.dedicated().plan(MigPlannersTest.pair(EnergySource.GAS));
        PlannedGpu g = shared.gpus().get(0);
        String yaml = PlanExport.migParted(shared);
        List<String> lines = yaml.lines().filter(l -> !l.trim().startsWith("#")).toList();
        assertEquals("version: v1", lines.get(0));
        assertEquals("mig-configs:", lines.get(1));
        assertEquals("  greenslice-carbon:", lines.get(2));
        assertEquals("    - devices: [0]", lines.get(3));
        assertEquals("      mig-enabled: true", lines.get(4));
        assertEquals("      mig-devices:", lines.get(5));
        int counted = 0;
        for (String l : lines.subList(6, lines.size())) {
            Matcher m = Pattern.compile(" {8}\"(\\d+g\\.\\d+gb)\": (\\d+)").matcher(l);
            assertTrue(m.matches(), l);
            long n = g.layout().instances().stream().filter(i -> i.profile().name().equals(m.group(1))).count();
            assertEquals(n, Long.parseLong(m.group(2)), l);
            counted += (int) n;
        }
        assertEquals(g.layout().instances().size(), counted);
        for (var m : g.models()) {
            var i = m.instance().orElseThrow();
            assertTrue(yaml.contains(i.profile().name() + "@" + i.placement().start() + " " + m.name()), yaml);
        }
        assertTrue(yaml.contains("SM clock " + g.clockMhz() + " MHz"), yaml);

        String whole = PlanExport.migParted(dedicated, "study-dedicated");
        assertTrue(whole.contains("  study-dedicated:\n    - devices: [0]\n      mig-enabled: false\n      mig-devices: {}\n"),
                whole);
        assertTrue(whole.contains("    - devices: [1]\n      mig-enabled: false\n      mig-devices: {}\n"), whole);
        assertThrows(IllegalArgumentException.class, () -> PlanExport.migParted(shared, "bad name"));
    }

    @Test
    void jsonCarriesTotalsLayoutsAndPerModelFigures() {
        DeploymentPlan plan = MigPlannersTest.PLANNERS.carbon().plan(MigPlannersTest.pair(EnergySource.GAS));
        String json = PlanExport.json(plan);
        assertTrue(json.startsWith("{\n  \"planner\": \"carbon\","), json);
        assertTrue(json.contains("\"totalCarbonGrams\": " + plan.total().value().grams()), json);
        assertTrue(json.contains("\"operationalCarbonGrams\": " + plan.operational().value().grams()), json);
        assertTrue(json.contains("\"embodiedCarbonGrams\": " + plan.embodied().value().grams()), json);
        assertTrue(json.contains("\"gpuHours\": " + plan.gpuHours()), json);
        assertTrue(json.contains("\"clockMhz\": " + plan.gpus().get(0).clockMhz()), json);
        assertTrue(json.contains("\"layout\": [\n        {\n          \"profile\": \""), json);
        assertTrue(json.contains("\"netSavedGrams\""), json);
        assertTrue(json.trim().endsWith("}"), json);
        // Balanced brackets and quotes: a structural check without a JSON library in this module.
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"' && json.charAt(i - 1) != '\\') {
                inString = !inString;
            } else if (!inString && (c == '{' || c == '[')) {
                depth++;
            } else if (!inString && (c == '}' || c == ']')) {
                depth--;
            }
            assertTrue(depth >= 0);
        }
        assertEquals(0, depth);
    }
}
