package dev.greenslice.intensity.live;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what the SLF4J simple binding (test scope) prints to {@code System.err}, to check log lines and that no
 * credential reaches them.
 */
final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    LogCapture() {
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    String text() {
        System.err.flush();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
