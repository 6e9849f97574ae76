package dev.greenslice.rapl;

import dev.greenslice.test.rapl.FakePowercapTree;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.DomainEnergy;
import dev.greenslice.carbon.meter.Measurement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A RAPL sensor inside a CarbonMeter: dropped deltas fail the windows that span them, and only those. */
class RaplMeterTest {

    @TempDir
    Path dir;

    private final MockClock clock = new MockClock();

    private CarbonMeter meter(FakePowercapTree tree, boolean synchronous) throws RaplUnavailableException {
        RaplSensor sensor = RaplSensor.builder().backends(RaplBackend.POWERCAP).powercapRoot(tree.powercapRoot())
                .includePsys(false).clock(clock).build();
        var b = CarbonMeter.builder().clock(clock).backgroundSampling(false).sensor(sensor);
        return (synchronous ? b.synchronous() : b.sampled(Duration.ofSeconds(1))).build();
    }

    private static DomainEnergy domain(CarbonReport r, String id) {
        return r.domains().stream().filter(d -> d.domain().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aSynchronousWindowAfterALongIdleGapIsStillMeasured() throws Exception {
        FakePowercapTree tree = FakePowercapTree.clientLaptop(dir);
        try (CarbonMeter meter = meter(tree, true)) {
            Measurement a = meter.start("a");
            clock.advance(Duration.ofSeconds(1));
            double ea = tree.zone("intel-rapl:0").addJoules(10);
            a.close();
            // Idle for longer than the package counter takes to wrap at its 25 W maximum (10485 s): the energy in
            // the gap is unknown, but it belongs to no window.
            clock.advance(Duration.ofHours(3));
            tree.zone("intel-rapl:0").addJoules(5000);
            Measurement b = meter.start("b");
            clock.advance(Duration.ofSeconds(1));
            double eb = tree.zone("intel-rapl:0").addJoules(7);
            b.close();
            assertEquals(ea, domain(a.report(), "cpu:package-0").energy().orElseThrow().joules(), 1e-6);
            assertEquals(eb, domain(b.report(), "cpu:package-0").energy().orElseThrow().joules(), 1e-6);
        }
    }

    @Test
    void aWindowAcrossACounterResetIsUnavailableNotWrong() throws Exception {
        FakePowercapTree tree = FakePowercapTree.clientLaptop(dir);
        try (CarbonMeter meter = meter(tree, false)) {
            Measurement across = meter.start("across");
            clock.advance(Duration.ofSeconds(1));
            tree.zone("intel-rapl:0").addJoules(10);
            meter.sampleNow();
            clock.advance(Duration.ofSeconds(1));
            tree.zone("intel-rapl:0").energyUj(1000); // reset: back from ~183 J to 1 mJ
            meter.sampleNow();
            Measurement after = meter.start("after");
            clock.advance(Duration.ofSeconds(1));
            tree.zone("intel-rapl:0").energyUj(1000 + 4_000_000);
            meter.sampleNow();
            clock.advance(Duration.ofSeconds(1));
            meter.sampleNow();
            after.close();
            across.close();
            DomainEnergy broken = domain(across.report(), "cpu:package-0");
            assertFalse(broken.isAvailable(), broken.toString());
            assertTrue(broken.unavailableReason().orElseThrow().contains("series broken"), broken.toString());
            assertEquals(4.0, domain(after.report(), "cpu:package-0").energy().orElseThrow().joules(), 1e-6);
        }
    }

    @Test
    void aWindowOverAFrozenCounterKeepsTheEnergyBeforeItMarkedPartial() throws Exception {
        FakePowercapTree tree = FakePowercapTree.clientLaptop(dir);
        RaplSensor sensor = RaplSensor.builder().backends(RaplBackend.POWERCAP).powercapRoot(tree.powercapRoot())
                .includePsys(false).clock(clock).build();
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).sensor(sensor)
                .sampled(Duration.ofMillis(500)).build()) {
            Measurement w = meter.start("w");
            double before = 0;
            for (int step = 0; step < 4; step++) {      // 2 s, everything counts
                clock.advance(Duration.ofMillis(500));
                before += tree.zone("intel-rapl:0:2").addJoules(1);
                tree.zone("intel-rapl:0").addJoules(5);
                meter.sampleNow();
            }
            for (int step = 0; step < 4; step++) {      // 2 s, DRAM frozen, the package counts
                clock.advance(Duration.ofMillis(500));
                tree.zone("intel-rapl:0").addJoules(5);
                meter.sampleNow();
            }
            w.close();
            CarbonReport r = w.report();
            DomainEnergy dram = domain(r, "dram:0");
            assertTrue(dram.isPartial(), dram.toString());
            assertTrue(dram.partialReason().orElseThrow().contains("frozen"), dram.toString());
            assertEquals(before, dram.energy().orElseThrow().joules(), 1e-6);
            assertFalse(r.complete(), "dram:0 is a root here (no psys)");
        }
    }
}
