package dev.greenslice.samples.tune;

import dev.greenslice.carbon.intensity.EnergySource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnlineTunerSampleTest {

    @Test
    void tunesOnGasAndWindWithFewProbesAndMatchesTheSweep() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<OnlineTunerSample.Outcome> outcomes = OnlineTunerSample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, outcomes.size());
        for (OnlineTunerSample.Outcome o : outcomes) {
            assertTrue(o.tuned().probeCount() <= 5, text);
            assertEquals(15, o.sweep().probeCount());
            assertTrue(o.gap() <= 0.01, text);
        }
        assertEquals(EnergySource.GAS, outcomes.get(0).source());
        int gas = outcomes.get(0).tuned().clockMhz().getAsInt();
        int wind = outcomes.get(1).tuned().clockMhz().getAsInt();
        assertTrue(wind > gas, "a clean grid favours a higher clock: gas " + gas + ", wind " + wind + "\n" + text);
        assertTrue(text.contains("probe 1:") && text.contains("chose " + gas + " MHz"), text);
    }
}
