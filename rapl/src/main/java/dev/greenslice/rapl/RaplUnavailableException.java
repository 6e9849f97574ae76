package dev.greenslice.rapl;

import dev.greenslice.carbon.UnavailableException;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * No RAPL backend could read a single energy counter on this machine; the message names each backend tried, why
 * it failed (the file, the permission, the capability or sysctl) and how to fix it.
 *
 * <p>{@link RaplSensor.Builder#open()} holds it as the sensor's
 * {@link RaplSensor#unavailability() unavailability()} (the sensor has no domains and reports say why);
 * {@link RaplSensor.Builder#openOrThrow()} throws it. Unchecked since 0.2.0, as every
 * {@link UnavailableException} (it was a checked exception in 0.1: code that catches it still compiles).
 *
 * <p>Immutable; the attempts are listed in the order they were tried.
 */
public final class RaplUnavailableException extends UnavailableException {

    private static final long serialVersionUID = 1L;

    /**
     * One backend that was tried and did not work.
     *
     * @param backend the backend
     * @param reason  what failed and how to fix it
     */
    public record Attempt(RaplBackend backend, String reason) {
        /**
         * Records one failed backend.
         *
         * @param backend the backend that was tried
         * @param reason  what failed and how to fix it; shown to the user as is
         * @throws NullPointerException if {@code backend} or {@code reason} is null
         */
        public Attempt {
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return backend.label() + ": " + reason;
        }
    }

    private final transient List<Attempt> attempts;

    RaplUnavailableException(List<Attempt> attempts) {
        super("RAPL", message(attempts));
        this.attempts = List.copyOf(attempts);
    }

    private static String message(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return "No RAPL backend was tried (the backend list is empty)";
        }
        return "No RAPL backend could read an energy counter; tried "
                + attempts.stream().map(Attempt::toString).collect(Collectors.joining("; then "));
    }

    /** @return each backend tried, in order, with the reason it failed */
    public List<Attempt> attempts() {
        return attempts;
    }
}
