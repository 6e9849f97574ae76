package dev.greenslice.carbon;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clock's capabilities that replace looking at its type: whether time passes by itself, and sleeping. */
class ClockTest {

    @Test
    void theSystemClockAdvancesByItselfAndSleepsInWallTime() throws InterruptedException {
        Clock system = Clock.system();
        assertTrue(system.advancesByItself());
        long t0 = system.monotonicNanos();
        system.sleep(Duration.ofMillis(5));
        assertTrue(system.monotonicNanos() - t0 >= 5_000_000L, "slept less than 5 ms");
    }

    @Test
    void aMockClockMovesOnlyWhenToldAndSleepingAdvancesIt() {
        MockClock clock = new MockClock(Instant.parse("2025-03-01T00:00:00Z"));
        assertFalse(clock.advancesByItself());
        clock.sleep(Duration.ofMillis(1500));
        assertEquals(1_500_000_000L, clock.monotonicNanos());
        assertEquals(Instant.parse("2025-03-01T00:00:01.5Z"), clock.wallTime());
        clock.sleep(Duration.ZERO);
        assertEquals(1_500_000_000L, clock.monotonicNanos());
        assertThrows(IllegalArgumentException.class, () -> clock.sleep(Duration.ofNanos(-1)));
        assertEquals(1_500_000_000L, clock.monotonicNanos(), "a refused sleep moved the clock");
    }

    @Test
    void anyOtherClockDefaultsToTimeThatPassesByItself() {
        Clock offset = new Clock() {
            @Override
            public long monotonicNanos() {
                return System.nanoTime() + 42;
            }

            @Override
            public Instant wallTime() {
                return Instant.now().plusSeconds(3600);
            }
        };
        assertTrue(offset.advancesByItself());
        assertThrows(IllegalArgumentException.class, () -> offset.sleep(Duration.ofSeconds(-1)));
    }
}
