package dev.greenslice.test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the fuzz tests of every module require of a refusal: a message that is there, short and on one line
 * (a parser that echoes its whole input, or prints a line per problem, fails it).
 *
 * <p>Stateless and thread-safe; a failed requirement throws JUnit's {@link AssertionError}.
 */
public final class FuzzMessages {

    /** Longer than any message that names a file, a line and a fix; an echo of the input would pass it. */
    public static final int MAX_CHARS = 600;

    private FuzzMessages() {
    }

    /**
     * Fails unless the exception's message is present, at most {@link #MAX_CHARS} characters long and on one line.
     *
     * @param e the refusal
     * @throws AssertionError if the message is missing, blank, too long or spans lines
     */
    public static void requireShortOneLine(Exception e) {
        String m = e.getMessage();
        assertNotNull(m, "a message: " + e);
        assertFalse(m.isBlank(), "a message: " + e);
        assertTrue(m.length() <= MAX_CHARS, "short: " + m.length() + " chars: " + m.substring(0, Math.min(200, m.length())));
        assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
    }
}
