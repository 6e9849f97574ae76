package dev.greenslice.test.sensor;

import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.DomainEnergy;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract every {@link EnergySensor} must meet: one compatibility test kit that the RAPL, NVML, CPU-time,
 * Triton and simulated implementations all run, and that a new sensor's tests extend.
 *
 * <p>Subclass it and implement {@link #createSensor()}; override {@link #generateActivity(EnergySensor)}
 * to make energy advance between reads (burn CPU, advance a mock clock, serve a request), and
 * {@link #energyAdvancesWithActivity()} to require that it does. Each test method creates its own sensors
 * and the kit closes them after it; JUnit runs the kit's tests as the subclass's own. A broken contract fails
 * the test with an {@link AssertionError} naming the domain and the values.
 *
 * <pre>{@code
 * class MySensorContractTest extends EnergySensorContract {
 *     protected EnergySensor createSensor() { return MySensor.open(); }
 * }
 * }</pre>
 */
public abstract class EnergySensorContract {

    private final List<EnergySensor> created = new ArrayList<>();

    /** For subclasses: JUnit creates one instance per test method. */
    protected EnergySensorContract() {
    }

    /** @return a fresh sensor; the kit closes it */
    protected abstract EnergySensor createSensor();

    /**
     * Does whatever makes the sensor's energy advance. The default waits 20 ms.
     *
     * @param sensor the sensor under test, open
     */
    protected void generateActivity(EnergySensor sensor) {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return whether at least one available domain must show more energy after {@link #generateActivity}; default false */
    protected boolean energyAdvancesWithActivity() {
        return false;
    }

    private EnergySensor sensor() {
        EnergySensor s = createSensor();
        assertNotNull(s, "createSensor() returned null");
        created.add(s);
        return s;
    }

    @AfterEach
    void closeSensors() {
        for (EnergySensor s : created) {
            s.close();
        }
    }

    @Test
    void hasANameAndAtLeastOneDomain() {
        EnergySensor s = sensor();
        assertNotNull(s.name());
        assertFalse(s.name().isBlank(), "sensor name must not be blank");
        assertFalse(s.domains().isEmpty(), "a sensor must report at least one domain");
    }

    @Test
    void domainIdsAreUniqueAndStable() {
        EnergySensor s = sensor();
        Set<String> ids = new HashSet<>();
        for (SensorDomain d : s.domains()) {
            assertTrue(ids.add(d.id()), "duplicate domain id " + d.id());
        }
        assertEquals(s.domains(), s.domains(), "domains() must not change between calls");
    }

    @Test
    void parentsAreDomainsOfTheSameSensorAndNotCyclic() {
        EnergySensor s = sensor();
        Set<String> ids = new HashSet<>();
        s.domains().forEach(d -> ids.add(d.id()));
        for (SensorDomain d : s.domains()) {
            d.parentId().ifPresent(p -> assertTrue(ids.contains(p), d.id() + " names unknown parent " + p));
            String cur = d.id();
            for (int hops = 0; ; hops++) {
                String c = cur;
                SensorDomain dom = s.domains().stream().filter(x -> x.id().equals(c)).findFirst().orElseThrow();
                if (dom.isRoot()) {
                    break;
                }
                cur = dom.parent();
                assertTrue(hops < s.domains().size(), "parent chain of " + d.id() + " is cyclic");
            }
        }
    }

    @Test
    void periodsArePositive() {
        EnergySensor s = sensor();
        assertTrue(s.maximumSamplingPeriod().toNanos() > 0, "maximumSamplingPeriod must be positive");
        assertFalse(s.updatePeriod().isNegative(), "updatePeriod must not be negative");
        assertNotNull(s.assumptions());
    }

    @Test
    void everyReadFillsEverySlotWithAValueOrAReason() {
        EnergySensor s = sensor();
        SensorReadout r = new SensorReadout(s.domains());
        s.read(r);
        for (int i = 0; i < r.size(); i++) {
            if (r.isAvailable(i)) {
                double v = r.value(i);
                assertTrue(Double.isFinite(v) && v >= 0, s.domains().get(i).id() + " read " + v);
            } else {
                String reason = r.failure(i);
                assertNotNull(reason);
                assertFalse(reason.isBlank(), s.domains().get(i).id() + " is unavailable without a reason");
                assertFalse(reason.startsWith("sensor gave no reading"),
                        s.domains().get(i).id() + ": read() left the slot untouched");
            }
        }
    }

    @Test
    void cumulativeEnergyNeverDecreases() {
        EnergySensor s = sensor();
        SensorReadout r = new SensorReadout(s.domains());
        double[] last = new double[r.size()];
        java.util.Arrays.fill(last, -1);
        boolean advanced = false;
        for (int round = 0; round < 5; round++) {
            r.clear();
            s.read(r);
            for (int i = 0; i < r.size(); i++) {
                if (r.isAvailable(i) && s.domains().get(i).kind().isCumulativeEnergy()) {
                    double v = r.value(i);
                    if (last[i] >= 0) {
                        assertTrue(v >= last[i], s.domains().get(i).id() + " went backwards: " + last[i] + " J then " + v + " J");
                        advanced |= v > last[i];
                    }
                    last[i] = v;
                }
            }
            generateActivity(s);
        }
        if (energyAdvancesWithActivity()) {
            assertTrue(advanced, "no cumulative domain advanced across five reads with activity in between");
        }
    }

    @Test
    void closeIsIdempotentAndReadAfterCloseFails() {
        EnergySensor s = sensor();
        s.close();
        assertDoesNotThrow(s::close);
        SensorReadout r = new SensorReadout(s.domains());
        assertThrows(IllegalStateException.class, () -> s.read(r));
    }

    @Test
    void worksInsideAMeterWindow() {
        EnergySensor s = createSensor();
        try (CarbonMeter meter = CarbonMeter.builder().sensor(s).synchronous().build()) {
            Measurement m = meter.start("contract");
            generateActivity(s);
            assertDoesNotThrow(m::close);
            CarbonReport report = m.report();
            assertEquals(s.domains().size(), report.domains().size());
            for (DomainEnergy d : report.domains()) {
                if (d.isAvailable()) {
                    assertTrue(d.energy().orElseThrow().joules() >= 0);
                } else if (d.unavailableReason().orElseThrow().isBlank()) {
                    fail(d.domain() + " unavailable without a reason");
                }
            }
            assertTrue(report.totalEnergy().joules() >= 0);
        }
    }
}
