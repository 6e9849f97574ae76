package dev.greenslice.estimators.tune.online;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandidatesTest {

    @Test
    void aRealDevicesLongClockListIsThinnedToFifteenSpreadClocks() {
        List<Integer> nvml = new ArrayList<>();
        for (int c = 1410; c >= 210; c -= 15) {
            nvml.add(c); // an A100 lists 81 SM clocks, 15 MHz apart, highest first
        }
        List<Integer> spread = Candidates.spread(nvml, 15);
        assertEquals(15, spread.size());
        assertEquals(210, spread.get(0));
        assertEquals(1410, spread.get(14));
        for (int i = 1; i < spread.size(); i++) {
            int step = spread.get(i) - spread.get(i - 1);
            assertTrue(step >= 75 && step <= 90, "evenly spread: " + spread);
        }
    }

    @Test
    void aShortListIsKeptWhole() {
        assertEquals(List.of(690, 1050, 1410), Candidates.spread(List.of(1410, 690, 1050), 15));
    }
}
