package example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.meter.CarbonReport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        qt().forAll(doubles().between(0, 1e12))
                .check(j -> Math.abs(Energy.ofKilowattHours(Energy.ofJoules(j).toKilowattHours()).toJoules() - j)
                        <= 1e-9 * Math.max(1, j));
    }
}
