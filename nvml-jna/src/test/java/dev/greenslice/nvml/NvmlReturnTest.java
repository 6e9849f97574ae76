package dev.greenslice.nvml;

import dev.greenslice.carbon.gpu.GpuDeviceException.Reason;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NvmlReturnTest {

    @Test
    void codesHaveTheirNvmlNumbers() {
        assertEquals(0, NvmlReturn.SUCCESS.code());
        assertEquals(1, NvmlReturn.UNINITIALIZED.code());
        assertEquals(2, NvmlReturn.INVALID_ARGUMENT.code());
        assertEquals(3, NvmlReturn.NOT_SUPPORTED.code());
        assertEquals(4, NvmlReturn.NO_PERMISSION.code());
        assertEquals(6, NvmlReturn.NOT_FOUND.code());
        assertEquals(7, NvmlReturn.INSUFFICIENT_SIZE.code());
        assertEquals(9, NvmlReturn.DRIVER_NOT_LOADED.code());
        assertEquals(12, NvmlReturn.LIBRARY_NOT_FOUND.code());
        assertEquals(13, NvmlReturn.FUNCTION_NOT_FOUND.code());
        assertEquals(15, NvmlReturn.GPU_IS_LOST.code());
        assertEquals(19, NvmlReturn.IN_USE.code());
        assertEquals(23, NvmlReturn.INSUFFICIENT_RESOURCES.code());
        assertEquals(25, NvmlReturn.ARGUMENT_VERSION_MISMATCH.code());
        assertEquals(999, NvmlReturn.UNKNOWN.code());
    }

    @Test
    void everyCodeRoundTripsAndHasAFix() {
        Set<Integer> seen = new HashSet<>();
        for (NvmlReturn r : NvmlReturn.values()) {
            assertTrue(seen.add(r.code()), "duplicate code " + r.code());
            assertEquals(r, NvmlReturn.of(r.code()));
            if (r != NvmlReturn.SUCCESS) {
                assertFalse(r.fix().isBlank(), r + " has no fix");
                assertTrue(r.constantName().startsWith("NVML_ERROR_"), r.constantName());
            }
        }
        assertEquals(NvmlReturn.UNKNOWN, NvmlReturn.of(42));
        assertEquals(NvmlReturn.UNKNOWN, NvmlReturn.of(-1));
    }

    @Test
    void codesMapToDeviceReasons() {
        assertEquals(Reason.NO_PERMISSION, NvmlReturn.NO_PERMISSION.reason());
        assertEquals(Reason.NOT_SUPPORTED, NvmlReturn.NOT_SUPPORTED.reason());
        assertEquals(Reason.NOT_SUPPORTED, NvmlReturn.FUNCTION_NOT_FOUND.reason());
        assertEquals(Reason.IN_USE, NvmlReturn.IN_USE.reason());
        assertEquals(Reason.INSUFFICIENT_RESOURCES, NvmlReturn.INSUFFICIENT_RESOURCES.reason());
        assertEquals(Reason.DEVICE_LOST, NvmlReturn.GPU_IS_LOST.reason());
        assertEquals(Reason.UNAVAILABLE, NvmlReturn.DRIVER_NOT_LOADED.reason());
        assertEquals(Reason.UNAVAILABLE, NvmlReturn.LIBRARY_NOT_FOUND.reason());
        assertEquals(Reason.INVALID_ARGUMENT, NvmlReturn.INVALID_ARGUMENT.reason());
        assertEquals(Reason.FAILED, NvmlReturn.UNKNOWN.reason());
    }

    @Test
    void exceptionCarriesCodeFunctionDeviceAndDriverText() {
        NvmlException e = new NvmlException("gpu:1", "lockSmClock", "nvmlDeviceSetGpuLockedClocks", 4,
                "Insufficient Permissions", null);
        assertEquals(NvmlReturn.NO_PERMISSION, e.code());
        assertEquals(Reason.NO_PERMISSION, e.reason());
        assertEquals("gpu:1", e.device());
        assertEquals("lockSmClock", e.operation());
        assertEquals("nvmlDeviceSetGpuLockedClocks", e.function());
        assertEquals("Insufficient Permissions", e.errorString());
        assertTrue(e.getMessage().contains("NVML_ERROR_NO_PERMISSION (4)"), e.getMessage());
        assertTrue(e.getMessage().contains("root"), e.getMessage());
        NvmlException unknown = new NvmlException("gpu:0", "power", "nvmlDeviceGetPowerUsage", 42, "", null);
        assertEquals(42, unknown.rawCode());
        assertTrue(unknown.getMessage().contains("NVML return code 42"), unknown.getMessage());
    }
}
