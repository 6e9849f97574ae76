package dev.greenslice.rapl;

import dev.greenslice.test.rapl.FakePowercapTree;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.UnavailableException;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.carbon.sensor.CpuTimeSensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RAPL in the one sensor idiom: {@code open()} goes on without a readable counter and every report says why;
 * {@code openOrThrow()} throws the unchecked {@link RaplUnavailableException}.
 */
class RaplSensorBuilderTest {

    @TempDir
    Path dir;

    private final MockClock clock = new MockClock();

    private RaplSensor.Builder builderOver(Path powercapRoot, InjectedSysfs sysfs) {
        return RaplSensor.builder().backends(RaplBackend.POWERCAP).powercapRoot(powercapRoot).clock(clock).sysfs(sysfs);
    }

    @Test
    void withoutAReadableCounterOpenGoesOnAndTheReportSaysWhy() throws Exception {
        FakePowercapTree tree = FakePowercapTree.twoSocketServer(dir);
        RaplSensor rapl = builderOver(tree.powercapRoot(), new InjectedSysfs().denyOpen("energy_uj")).open();
        assertTrue(rapl.domains().isEmpty());
        assertEquals("rapl (unavailable)", rapl.name());
        UnavailableException why = rapl.unavailability().orElseThrow();
        RaplUnavailableException detail = assertInstanceOf(RaplUnavailableException.class, why);
        assertEquals("RAPL", detail.what());
        assertEquals(RaplBackend.POWERCAP, detail.attempts().get(0).backend());
        assertTrue(why.getMessage().contains("permission denied"), why.getMessage());
        assertThrows(RaplUnavailableException.class, rapl::backend);
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).synchronous()
                .sensor(rapl)
                .sensor(CpuTimeSensor.builder().cpuNanos(() -> 0).powerPerThread(dev.greenslice.carbon.Power.ofWatts(1)).open())
                .build()) {
            Measurement m = meter.start("work");
            clock.advance(Duration.ofSeconds(1));
            m.close();
            CarbonReport r = m.report();
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains("rapl (unavailable)") && w.contains("permission denied")),
                    r.warnings().toString());
        }
    }

    @Test
    void openOrThrowThrowsTheSameUncheckedException() {
        Path empty = dir.resolve("no-powercap");
        UnavailableException e = assertThrows(UnavailableException.class,
                () -> builderOver(empty, new InjectedSysfs()).openOrThrow());
        RaplUnavailableException detail = assertInstanceOf(RaplUnavailableException.class, e);
        assertEquals(1, detail.attempts().size());
        assertEquals(builderOver(empty, new InjectedSysfs()).open().unavailability().orElseThrow().getMessage(),
                e.getMessage());
    }

    @Test
    void withACounterBothFormsOpenTheSameDomains() throws Exception {
        FakePowercapTree tree = FakePowercapTree.clientLaptop(dir);
        try (RaplSensor lenient = builderOver(tree.powercapRoot(), new InjectedSysfs()).open();
             RaplSensor strict = builderOver(tree.powercapRoot(), new InjectedSysfs()).openOrThrow()) {
            assertTrue(lenient.unavailability().isEmpty());
            assertFalse(lenient.domains().isEmpty());
            assertEquals(lenient.domains(), strict.domains());
            assertEquals(RaplBackend.POWERCAP, lenient.backend());
        }
    }
}
