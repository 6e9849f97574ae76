package example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.test.generators.PowerTraces;
import dev.greenslice.test.generators.UnitGenerators;
import dev.greenslice.carbon.meter.CarbonReport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

class MeteredServiceTest {

    @Test
    void meteredBlockHasAReportWithEnergy() {
        CarbonReport report = MeteredService.meterOneBlock();
        assertEquals("inference", report.label());
        assertTrue(report.totalEnergy().toJoules() > 0, report::toString);
    }

    @Test
    void runsOnThePathThisExecutionNames() {
        // Surefire runs this class twice: on the module path and on the class path.
        boolean named = MeteredService.class.getModule().isNamed();
        assertEquals(System.getProperty("consumer.path").equals("module"), named,
                "module " + MeteredService.class.getModule());
        assertEquals(named, CarbonReport.class.getModule().isNamed());
    }

    @Test
    void runsAsAModuleInAFreshJvm() throws Exception {
        // Surefire may add modules on its own; a user's `java -m` does not. Launch the way a user would.
        String modulePath = System.getProperty("jdk.module.path");
        Assumptions.assumeTrue(modulePath != null, "class-path execution: covered by meteredBlockHasAReportWithEnergy");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--module-path", modulePath,
                "--module", "example.consumer/example.consumer.MeteredService")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("inference"), out);
        assertFalse(out.contains("NoClassDefFoundError"), out);
    }

    @Test
    void energyRoundTripsThroughKilowattHours() {
        qt().forAll(UnitGenerators.energies(1e12))
                .check(e -> Math.abs(Energy.ofKilowattHours(e.toKilowattHours()).toJoules() - e.toJoules())
                        <= 1e-9 * Math.max(1, e.toJoules()));
    }

    @Test
    void aWindowOverAGeneratedGpuTraceReportsTheTracesEnergy() {
        // greenslice-test's generators: a piecewise-constant GPU power trace, read by a scripted sensor on a mock clock.
        qt().withExamples(100).forAll(PowerTraces.gpu()).checkAssert(trace -> {
            MockClock clock = new MockClock();
            try (CarbonMeter meter = CarbonMeter.builder().sensor(trace.sensor("gpu:0", clock)).clock(clock)
                    .synchronous().build()) {
                long length = trace.length().toNanos();
                CarbonReport report = meter.measure("trace", () -> {
                    clock.advance(Duration.ofNanos(length));
                });
                double expected = trace.energyBetween(0, length).toJoules();
                assertEquals(expected, report.totalEnergy().toJoules(), 1e-6 * Math.max(1, expected));
            }
        });
    }
}
