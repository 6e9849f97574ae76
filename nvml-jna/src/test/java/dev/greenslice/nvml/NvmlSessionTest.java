package dev.greenslice.nvml;

import com.sun.jna.Platform;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading, initialisation and reference counting, through the binding's normal loading path. */
class NvmlSessionTest {

    @TempDir
    Path journal;

    @Test
    void sessionsAndDevicesShareOneInitialisation() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB"));
        int before = sim.simInitCount();
        Nvml a = Nvml.open(SimulatedNvml.options(journal));
        Nvml b = Nvml.open(SimulatedNvml.options(journal));
        assertEquals(before + 1, sim.simInitCount(), "two sessions, one nvmlInit_v2");
        NvmlDevice gpu = a.device(0);
        a.close();
        a.close();
        assertEquals(before + 1, sim.simInitCount(), "closing one session keeps NVML up for the other and the device");
        b.close();
        assertEquals(before + 1, sim.simInitCount(), "the open device keeps NVML initialised");
        assertTrue(gpu.power().watts() > 0);
        gpu.close();
        assertEquals(before, sim.simInitCount(), "the last close calls nvmlShutdown");
        assertThrows(IllegalStateException.class, gpu::power);
        assertThrows(IllegalStateException.class, a::deviceCount);
    }

    @Test
    void theSystemPropertyLibraryIsDirectMappedAndReportsTheDriver() {
        SimulatedNvml.reset("driver 535.104.05\n" + SimulatedNvml.device("H100-SXM5-80GB")
                + SimulatedNvml.device("A100-SXM4-40GB"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal))) {
            assertTrue(nvml.directMapped(), "the JVM's NVML gets JNA direct mapping for the hot calls");
            assertEquals("535.104.05", nvml.driverVersion());
            assertEquals("12.535.104.05", nvml.nvmlVersion());
            assertEquals(2, nvml.deviceCount());
            assertEquals(SimulatedNvml.library().toString(), nvml.library());
        }
    }

    @Test
    void aDirectoryGivenAsTheLibraryIsUnavailableSayingSo(@org.junit.jupiter.api.io.TempDir Path dir) {
        NvmlUnavailable u = assertInstanceOf(NvmlUnavailable.class,
                Nvml.tryOpen(NvmlOptions.defaults().withLibrary(dir.toString())));
        assertTrue(u.reason().contains("is a directory, not the library file"), u.message());
        assertTrue(u.fix().contains("libnvidia-ml.so.1 file"), u.fix());
    }

    @Test
    void aMissingLibraryFileIsUnavailableNamingTheFileAndTheFix() {
        NvmlAvailability a = Nvml.tryOpen(NvmlOptions.defaults().withLibrary("/nonexistent/libnvidia-ml.so.1"));
        NvmlUnavailable u = assertInstanceOf(NvmlUnavailable.class, a);
        assertFalse(u.isAvailable());
        assertTrue(u.message().contains("/nonexistent/libnvidia-ml.so.1"), u.message());
        assertTrue(u.fix().contains("NvmlOptions.withLibrary") && !u.fix().contains("--nvml-library"),
                "builder and property words in the library, not a command-line flag: " + u.fix());
        // One "not available" idiom: the session throws the same UnavailableException the sensors' strict form does.
        dev.greenslice.carbon.UnavailableException e = assertThrows(dev.greenslice.carbon.UnavailableException.class,
                () -> Nvml.open(NvmlOptions.defaults().withLibrary("/nonexistent/libnvidia-ml.so.1")));
        NvmlUnavailableException n = assertInstanceOf(NvmlUnavailableException.class, e);
        assertEquals("NVML", n.what());
        assertEquals(NvmlReturn.LIBRARY_NOT_FOUND.code(), n.code());
        assertEquals(u.message(), n.getMessage());
        assertEquals(u.fix(), n.fix());
    }

    @Test
    void aLibraryThatIsNotNvmlIsUnavailable() {
        Assumptions.assumeTrue(Platform.isLinux(), "uses libm as the library that is not NVML");
        NvmlAvailability a = Nvml.tryOpen(NvmlOptions.defaults().withLibrary("m"));
        if (a instanceof Nvml wrong) {
            wrong.close();
        }
        NvmlUnavailable u = assertInstanceOf(NvmlUnavailable.class, a);
        assertTrue(u.reason().contains("not libnvidia-ml"), u.reason());
    }

    @Test
    void anUnloadableNameListsWhatWasTried() {
        NvmlUnavailable u = assertInstanceOf(NvmlUnavailable.class,
                Nvml.tryOpen(NvmlOptions.defaults().withLibrary("greenslice-no-such-nvml")));
        assertTrue(u.reason().contains("greenslice-no-such-nvml"), u.reason());
    }

    @Test
    void aDriverThatIsNotLoadedIsUnavailableWithTheInitError() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset("error nvmlInit_v2 DRIVER_NOT_LOADED\n"
                + SimulatedNvml.device("A100-SXM4-80GB"));
        assertEquals(0, sim.simInitCount(), "every earlier session and device was closed, so NVML is down");
        NvmlUnavailable u = assertInstanceOf(NvmlUnavailable.class, Nvml.tryOpen(SimulatedNvml.options(journal)));
        assertTrue(u.reason().contains("NVML_ERROR_DRIVER_NOT_LOADED (9)"), u.reason());
        assertTrue(u.reason().contains("Driver Not Loaded"), u.reason());
        assertTrue(u.fix().contains("modprobe nvidia"), u.fix());
        // the next init succeeds: the injected error was for the first call only
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal))) {
            assertEquals(1, nvml.deviceCount());
        }
    }

    @Test
    void anotherLibraryFileInTheSameJvmUsesIndirectCalls() {
        SimulatedNvml.resetLegacy(SimulatedNvml.device("V100-SXM2-16GB", "power 0:150000"));
        try (Nvml legacy = Nvml.open(SimulatedNvml.options(journal)
                .withLibrary(SimulatedNvml.legacyLibrary().toString()));
             NvmlDevice gpu = legacy.device(0)) {
            assertFalse(legacy.directMapped());
            assertEquals(150.0, gpu.power().watts(), 1e-9);
        }
    }
}
