package dev.greenslice.intensity.live;

import java.time.Duration;

/** Durations as people read them in factor sources and log lines: {@code 1 h}, {@code 30 min}, {@code 250 ms}. */
final class Spans {

    private Spans() {
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + " h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + " min";
        }
        if (ms % 1000 == 0 && ms > 0) {
            return ms / 1000 + " s";
        }
        return ms + " ms";
    }
}
