package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.DeploymentPlan;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanExportTest {

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
