package dev.greenslice.rapl;

import dev.greenslice.test.rapl.FakePowercapTree;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.sensor.SensorReadout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Properties of frozen-counter detection on a two-socket tree: counters that all count are never flagged,
 * whatever the read gaps and powers; a counter standing still for three reads over a second while the others
 * count is flagged from exactly that read on, and not before.
 */
class FrozenCounterPropertiesTest {

    private static final String[] ZONES = {"intel-rapl:0/", "intel-rapl:0:0/", "intel-rapl:1/", "intel-rapl:1:0/",
            "intel-rapl:2/"};

    @TempDir
    Path dir;

    /** A read gap in ms (1 ms to 2 s) and a power per zone in watts (1 to 300). */
    record Step(int gapMs, double watts) {
    }

    private RaplSensor open(FakePowercapTree tree, MockClock clock, double[] microjoules) throws RaplUnavailableException {
        InjectedSysfs sysfs = new InjectedSysfs();
        for (int z = 0; z < ZONES.length; z++) {
            int zone = z;
            sysfs.serve(ZONES[z] + "energy_uj", () -> (long) Math.floor(microjoules[zone]));
        }
        return RaplSensor.builder().backends(RaplBackend.POWERCAP).powercapRoot(tree.powercapRoot()).clock(clock)
                .sysfs(sysfs).build();
    }

    @Test
    void countersThatAllCountAreNeverFlagged() {
        FakePowercapTree tree = FakePowercapTree.twoSocketServer(dir);
        qt().withExamples(300).forAll(
                lists().of(integers().between(1, 2000).zip(doubles().between(1, 300), Step::new)).ofSizeBetween(1, 40)
        ).checkAssert(schedule -> {
            MockClock clock = new MockClock();
            double[] uj = new double[ZONES.length];
            try (RaplSensor s = open(tree, clock, uj)) {
                SensorReadout r = new SensorReadout(s.domains());
                for (Step st : schedule) {
                    clock.advance(Duration.ofMillis(st.gapMs()));
                    for (int z = 0; z < uj.length; z++) {
                        // µJ; each zone its own power, at most 600 W, so that 40 steps of 2 s stay within the
                        // smallest counter range (server DRAM, 65.7 kJ) and no wrap is needed in this property
                        uj[z] += st.watts() * (1 + z / 4.0) * st.gapMs() * 1e3;
                    }
                    r.clear();
                    s.read(r);
                    for (int d = 0; d < s.domains().size(); d++) {
                        assertTrue(r.isAvailable(d), s.domains().get(d).id() + ": " + r.failure(d));
                    }
                }
            } catch (RaplUnavailableException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aCounterStandingStillWhileOthersCountIsFlaggedFromTheRightRead() {
        FakePowercapTree tree = FakePowercapTree.twoSocketServer(dir);
        qt().withExamples(300).forAll(
                integers().between(0, ZONES.length - 1),
                lists().of(integers().between(1, 1500)).ofSizeBetween(1, 40)
        ).checkAssert((victim, gaps) -> {
            MockClock clock = new MockClock();
            double[] uj = new double[ZONES.length];
            try (RaplSensor s = open(tree, clock, uj)) {
                List<String> ids = s.domains().stream().map(d -> d.id()).toList();
                String victimId = List.of("cpu:package-0", "dram:0", "cpu:package-1", "dram:1", "psys").get(victim);
                int slot = ids.indexOf(victimId);
                SensorReadout r = new SensorReadout(s.domains());
                long stillMs = 0;
                int stillReads = 0;
                for (int gap : gaps) {
                    clock.advance(Duration.ofMillis(gap));
                    for (int z = 0; z < uj.length; z++) {
                        if (z != victim) {
                            uj[z] += 50 * gap * 1e3;
                        }
                    }
                    stillMs += gap;
                    stillReads++;
                    r.clear();
                    s.read(r);
                    // The victim has held its value since the sensor's opening read: stillReads + 1 equal reads.
                    boolean expected = stillReads + 1 >= 3 && stillMs >= 1000;
                    assertEquals(expected, !r.isAvailable(slot), victimId + " after " + stillReads + " reads over "
                            + stillMs + " ms: " + r.failure(slot));
                    for (int d = 0; d < ids.size(); d++) {
                        if (d != slot) {
                            assertTrue(r.isAvailable(d), ids.get(d) + ": " + r.failure(d));
                        }
                    }
                }
            } catch (RaplUnavailableException e) {
                throw new AssertionError(e);
            }
        });
    }
}
