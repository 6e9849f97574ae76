package dev.greenslice.carbon.sensor;

import dev.greenslice.test.sensor.ScriptedSensor;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.UnavailableException;
import dev.greenslice.carbon.gpu.GpuDeviceSensor;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one sensor idiom in carbon-api: {@code builder().open()} goes on without the hardware and the report says
 * why; {@code openOrThrow()} throws {@link UnavailableException} with the same message.
 */
class SensorBuilderTest {

    private static final Power WATT = Power.ofWatts(1);

    @Test
    void aReadableCpuTimeSourceOpensWithItsDomainAndReadsItsEnergy() {
        AtomicLong nanos = new AtomicLong(2_000_000_000L);
        try (CpuTimeSensor s = CpuTimeSensor.builder().cpuNanos(nanos::get).powerPerThread(WATT).open()) {
            assertTrue(s.unavailability().isEmpty());
            assertEquals(List.of("cpu:process"), s.domains().stream().map(SensorDomain::id).toList());
            SensorReadout r = new SensorReadout(s.domains());
            s.read(r);
            assertEquals(2.0, r.value(0), 1e-9);
        }
    }

    @Test
    void anUnreadableCpuTimeSourceOpensUnavailableAndTheReportSaysWhy() {
        MockClock clock = new MockClock();
        CpuTimeSensor s = CpuTimeSensor.builder().cpuNanos(() -> -1).powerPerThread(WATT).open();
        UnavailableException why = s.unavailability().orElseThrow();
        assertEquals("CPU time", why.what());
        assertTrue(why.getMessage().contains("cannot be read"), why.getMessage());
        assertTrue(s.domains().isEmpty());
        assertTrue(s.name().contains("unavailable"), s.name());
        // A meter needs one sensor with a domain; with none, it refuses to build and names the reason.
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> CarbonMeter.builder().clock(clock).sensor(s).build());
        assertTrue(none.getMessage().contains(why.getMessage()), none.getMessage());
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).synchronous()
                .sensor(s).sensor(new ScriptedSensor("scripted", clock).constantPower("x", 5)).build()) {
            Measurement m = meter.start("work");
            clock.advance(Duration.ofSeconds(1));
            m.close();
            CarbonReport report = m.report();
            assertTrue(report.warnings().stream().anyMatch(w -> w.contains(why.getMessage())), report.warnings().toString());
        }
    }

    @Test
    void openOrThrowThrowsTheSameReasonOpenHolds() {
        UnavailableException held = CpuTimeSensor.builder().cpuNanos(() -> {
            throw new UnsupportedOperationException("no clock here");
        }).open().unavailability().orElseThrow();
        UnavailableException thrown = assertThrows(UnavailableException.class, () -> CpuTimeSensor.builder()
                .cpuNanos(() -> {
                    throw new UnsupportedOperationException("no clock here");
                }).openOrThrow());
        assertEquals(held.getMessage(), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("no clock here"), thrown.getMessage());
        // Unchecked and still an IllegalStateException, as the strict entry points threw before.
        assertTrue(thrown instanceof IllegalStateException);
    }

    @Test
    void thisJvmsCpuTimeOpensOnThisMachine() {
        try (CpuTimeSensor s = CpuTimeSensor.builder().openOrThrow()) {
            assertFalse(s.domains().isEmpty());
        }
    }

    @Test
    void aSecondScopeIsRefusedAsItIsSet() {
        CpuTimeSensor.Builder b = CpuTimeSensor.builder().childProcesses();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.process(ProcessHandle.current()));
        assertTrue(e.getMessage().contains("childProcesses()"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuTimeSensor.builder().powerPerThread(Power.ofWatts(0)));
    }

    @Test
    void aGpuSensorWithoutDevicesIsUnavailableOrThrows() {
        GpuDeviceSensor s = GpuDeviceSensor.builder(List.of()).open();
        assertTrue(s.domains().isEmpty());
        UnavailableException why = s.unavailability().orElseThrow();
        assertTrue(why.getMessage().contains("No GPU device"), why.getMessage());
        assertEquals(1, s.assumptions().size());
        assertThrows(UnavailableException.class, () -> GpuDeviceSensor.builder(List.of()).openOrThrow());
        assertThrows(IllegalArgumentException.class,
                () -> GpuDeviceSensor.builder(List.of()).powerSamplingPeriod(Duration.ZERO));
    }

    @Test
    void aSensorThatIsAvailableIsReturnedAsItIs() {
        ScriptedSensor scripted = new ScriptedSensor("scripted", new MockClock()).constantPower("x", 5);
        SensorBuilder<EnergySensor> b = () -> scripted;
        assertSame(scripted, b.openOrThrow());
    }
}
