package dev.greenslice.test.gpu;

import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.gpu.GpuDevice;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import dev.greenslice.carbon.gpu.GpuDeviceSensor;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigProfile;
import dev.greenslice.carbon.sensor.SensorReadout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract every {@link GpuDevice} must meet: NVML devices (against the simulated libnvidia-ml) and the
 * simulated GPU both run it, and a new device's tests extend it.
 *
 * <p>Implement {@link #createDevice()} (a handle with the right to change clocks and MIG layouts);
 * override {@link #reopen(GpuDevice)} to return a fresh handle on the same physical device so the kit can
 * check that {@code close()} restored what the first handle changed, and {@link #generateActivity} to
 * make energy advance. The kit changes the device's clock and MIG layout: run it against a simulated or
 * dedicated device only. Tests that need MIG or reopening are skipped (JUnit assumptions) where the device
 * offers neither; a broken contract fails with an {@link AssertionError}. The kit closes every handle.
 */
public abstract class GpuDeviceContract {

    private final List<GpuDevice> created = new ArrayList<>();

    /** For subclasses: JUnit creates one instance per test method. */
    protected GpuDeviceContract() {
    }

    /** @return a fresh handle; the kit closes it */
    protected abstract GpuDevice createDevice();

    /**
     * A fresh handle on the device that {@code closed} was a handle on; the default cannot.
     *
     * @param closed a handle the kit has just closed
     * @return a new handle on the same device, or null if the implementation cannot reopen
     */
    protected GpuDevice reopen(GpuDevice closed) {
        return null;
    }

    /**
     * Makes the device consume energy (advance a clock, serve work). The default waits 20 ms.
     *
     * @param device the device under test, open
     */
    protected void generateActivity(GpuDevice device) {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private GpuDevice device() {
        GpuDevice d = createDevice();
        assertNotNull(d, "createDevice() returned null");
        created.add(d);
        return d;
    }

    @AfterEach
    void closeDevices() {
        for (GpuDevice d : created) {
            d.close();
        }
    }

    @Test
    void identifiesItself() {
        GpuDevice d = device();
        assertTrue(d.index() >= 0);
        assertEquals("gpu:" + d.index(), d.id());
        assertFalse(d.name().isBlank());
        assertFalse(d.uuid().isBlank());
        assertNotNull(d.model());
    }

    @Test
    void powerIsNonNegativeAndEnergyNeverDecreases() {
        GpuDevice d = device();
        assertTrue(d.power().watts() >= 0);
        Optional<Energy> first = d.totalEnergy();
        generateActivity(d);
        Optional<Energy> second = d.totalEnergy();
        assertEquals(first.isPresent(), second.isPresent(), "energy counter appeared or vanished");
        first.ifPresent(e -> assertTrue(second.get().compareTo(e) >= 0, "energy went backwards: " + e + " then " + second.get()));
    }

    @Test
    void supportedClocksAreDescendingAndContainTheCurrentRange() {
        GpuDevice d = device();
        List<Integer> clocks = d.supportedSmClocksMhz();
        assertFalse(clocks.isEmpty(), "a GPU supports at least one SM clock");
        for (int i = 1; i < clocks.size(); i++) {
            assertTrue(clocks.get(i) < clocks.get(i - 1), "supported clocks must be strictly descending: " + clocks);
        }
        int now = d.smClockMhz();
        assertTrue(now > 0 && now <= clocks.get(0), "current clock " + now + " outside " + clocks);
    }

    @Test
    void lockingAClockTakesEffectAndResetRemovesIt() {
        GpuDevice d = device();
        List<Integer> clocks = d.supportedSmClocksMhz();
        int target = clocks.get(clocks.size() / 2);
        d.lockSmClock(target, target);
        assertEquals(target, d.smClockMhz(), "locked clock not in effect");
        d.resetSmClock();
        assertDoesNotThrow(d::smClockMhz);
    }

    @Test
    void lockingAnImpossibleRangeIsRefused() {
        GpuDevice d = device();
        List<Integer> clocks = d.supportedSmClocksMhz();
        GpuDeviceException e = assertThrows(GpuDeviceException.class,
                () -> d.lockSmClock(clocks.get(0), clocks.get(clocks.size() - 1) - 1));
        assertEquals(GpuDeviceException.Reason.INVALID_ARGUMENT, e.reason());
    }

    @Test
    void closeRestoresTheClock() {
        GpuDevice d = device();
        int before = d.smClockMhz();
        List<Integer> clocks = d.supportedSmClocksMhz();
        d.lockSmClock(clocks.get(clocks.size() - 1), clocks.get(clocks.size() - 1));
        d.close();
        GpuDevice again = reopen(d);
        assumeTrue(again != null, "implementation cannot reopen a device");
        created.add(again);
        assertEquals(before, again.smClockMhz(), "close() did not restore the SM clock");
    }

    @Test
    void appliesAValidMigLayoutAndRefusesAnInvalidOne() {
        GpuDevice d = device();
        assumeTrue(d.isMigEnabled(), "MIG is not enabled on this device");
        MigGeometry g = d.migLayout().geometry();
        MigLayout valid = greedyLayout(g);
        d.applyMigLayout(valid, true);
        assertEquals(valid.instances(), d.migLayout().instances());

        MigProfile biggest = g.profiles().stream().max((a, b) -> a.computeSlices() - b.computeSlices()).orElseThrow();
        MigLayout overlapping = new MigLayout(g, List.of(
                MigInstance.of(biggest, biggest.placements().get(0).start()),
                MigInstance.of(biggest, biggest.placements().get(0).start())));
        assertThrows(IllegalArgumentException.class, () -> d.applyMigLayout(overlapping, true),
                "an overlapping layout must be refused before touching the device");
        assertEquals(valid.instances(), d.migLayout().instances(), "a refused layout changed the device");
    }

    @Test
    void closeRestoresTheMigLayout() {
        GpuDevice d = device();
        assumeTrue(d.isMigEnabled(), "MIG is not enabled on this device");
        MigLayout before = d.migLayout();
        d.applyMigLayout(greedyLayout(before.geometry()), true);
        d.close();
        GpuDevice again = reopen(d);
        assumeTrue(again != null, "implementation cannot reopen a device");
        created.add(again);
        assertEquals(before.instances(), again.migLayout().instances(), "close() did not restore the MIG layout");
    }

    @Test
    void closeIsIdempotent() {
        GpuDevice d = device();
        d.close();
        assertDoesNotThrow(d::close);
    }

    @Test
    void readsThroughTheGenericGpuSensor() {
        GpuDevice d = device();
        try (GpuDeviceSensor s = GpuDeviceSensor.of(List.of(d))) {
            SensorReadout r = new SensorReadout(s.domains());
            s.read(r);
            assertTrue(r.isAvailable(0), "gpu sensor could not read the device: " + r.failure(0));
        }
    }

    /** A valid layout: the smallest profile at its first placement, then greedily whatever else still fits. */
    private static MigLayout greedyLayout(MigGeometry g) {
        MigProfile smallest = g.profiles().stream().min((a, b) -> a.computeSlices() - b.computeSlices()).orElseThrow();
        MigLayout layout = MigLayout.of(g, List.of(MigInstance.of(smallest, smallest.placements().get(0).start())));
        for (MigProfile p : g.profiles()) {
            if (p.mediaExtensions()) {
                continue; // hardware allows only one media-extension instance; keep the layout plainly valid
            }
            for (var pl : p.placements()) {
                MigInstance i = new MigInstance(p, pl);
                if (layout.canAdd(i)) {
                    layout = layout.with(i);
                }
            }
        }
        return MigLayout.of(g, layout.instances());
    }
}
