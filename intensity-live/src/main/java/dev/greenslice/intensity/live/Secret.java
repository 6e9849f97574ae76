package dev.greenslice.intensity.live;

import java.util.Collection;
import java.util.Objects;

/**
 * A credential (API token, password, bearer token) that must never be printed: {@link #toString()} masks it
 * and {@link #redact} removes every known secret from text before it reaches a log, an exception or a report.
 */
final class Secret {

    static final String MASK = "****";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** @throws IllegalArgumentException if the value is blank (its text is never shown) */
    static Secret of(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " is blank");
        }
        return new Secret(value);
    }

    /** The value, for an HTTP header only. */
    String reveal() {
        return value;
    }

    /** Replaces every occurrence of any of {@code secrets} in {@code text} with {@value #MASK}. */
    static String redact(String text, Collection<Secret> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Secret s : secrets) {
            if (s != null && s.value.length() >= 3) {
                out = out.replace(s.value, MASK);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return MASK;
    }
}
