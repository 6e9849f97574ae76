package dev.greenslice.samples.quickstart;

import dev.greenslice.carbon.meter.CarbonReport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeterQuickStartTest {

    @Test
    void theReadmeQuickStartMetersItsBlock() {
        CarbonReport r = MeterQuickStart.run();
        assertTrue(r.totalEnergy().joules() > 0, r.toString());
        assertTrue(r.operational().isPresent());
        assertTrue(r.duration().toMillis() >= 50);
        assertEquals("serving", r.label());
        assertEquals(32, r.per("request").orElseThrow().units());
        assertEquals(r.totalEnergy().joules() / 32, r.per("request").orElseThrow().energyPerUnit().joules(), 1e-12);
        assertTrue(r.toString().contains("per request (32)"), r.toString());
    }
}
