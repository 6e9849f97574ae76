package dev.greenslice.test.nvml;

import dev.greenslice.carbon.Power;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Scenarios are written in the simulator's grammar, one setting a line, and cannot smuggle a second line in. */
class NvmlScenarioTest {

    @TempDir
    Path dir;

    @Test
    void writesGlobalSettingsThenEachDeviceWithItsIndentedSettings() throws IOException {
        NvmlScenario s = NvmlScenario.create().driver("550.54.15").withoutRoot()
                .error("nvmlDeviceGetTotalEnergyConsumption", "GPU_IS_LOST", 3, 1)
                .device("A100-SXM4-80GB", NvmlScenario.constantPower(Power.ofWatts(250.5)), "mig enabled")
                .device("V100-SXM2-16GB");
        String expected = "driver 550.54.15\npermission user\n"
                + "error nvmlDeviceGetTotalEnergyConsumption GPU_IS_LOST call=3 count=1\n"
                + "device A100-SXM4-80GB\n  power 0:250500\n  mig enabled\ndevice V100-SXM2-16GB\n";
        assertEquals(expected, s.text());
        assertEquals(expected, Files.readString(s.writeTo(dir)));
    }

    @Test
    void refusesLineBreaksAndUnknownModels() {
        NvmlScenario s = NvmlScenario.create();
        assertThrows(IllegalArgumentException.class, () -> s.line("driver 1\ntrace /etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> s.line("driver 1\r"));
        assertThrows(IllegalArgumentException.class, () -> s.line("driver \0"));
        assertThrows(IllegalArgumentException.class, () -> s.device("A100-SXM4-80GB", "mig enabled\ntrace /x"));
        assertThrows(IllegalArgumentException.class, () -> s.device("RTX-4090"));
        assertEquals("", s.text(), "a refused setting changed the scenario");
    }
}
