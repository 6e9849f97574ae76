package dev.greenslice.carbon;

import java.util.Objects;

/**
 * Something this process needs is not available here: a sensor's hardware or driver (no RAPL counter, no NVML,
 * no Triton metrics page), or a live intensity provider with no value and no fallback. The message says what
 * was tried, why it failed and how to fix it.
 *
 * <p><b>The one "not available" idiom of GreenSlice.</b> Every entry point that can miss its hardware or service
 * comes in two forms. The default form goes on without it: a sensor opened with {@code open()} has no domains,
 * holds this exception as {@link dev.greenslice.carbon.sensor.EnergySensor#unavailability()}, and every report
 * of a meter holding it says why in its warnings. The strict form ({@code openOrThrow()}) throws this exception
 * instead. It is unchecked because the default form never throws it: only callers who asked for strictness see
 * it, and a checked exception would force a {@code try} onto every program copied from the README, including
 * those that run on machines without the hardware. Subclasses add detail ({@code RaplUnavailableException}
 * lists every RAPL backend tried; {@code IntensityUnavailableException} a provider's failure); catch this type
 * to handle them all. It extends {@link IllegalStateException}, the exception these entry points threw before.
 *
 * <p>Immutable and serializable; the message never holds a credential.
 */
public class UnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** What is not available, e.g. {@code "RAPL"}, {@code "NVML"}, {@code "Triton metrics at http://…"}. */
    private final String what;

    /**
     * Says that {@code what} is not available.
     *
     * @param what    what is not available, short, e.g. {@code "RAPL"} or {@code "NVML"}
     * @param message the whole message: what was tried, why it failed and how to fix it; one line
     * @throws NullPointerException if either is null
     */
    public UnavailableException(String what, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.what = Objects.requireNonNull(what, "what");
    }

    /**
     * Says that {@code what} is not available, because of {@code cause}.
     *
     * @param what    what is not available, short, e.g. {@code "RAPL"} or {@code "NVML"}
     * @param message the whole message: what was tried, why it failed and how to fix it; one line
     * @param cause   the failure underneath, or null
     * @throws NullPointerException if {@code what} or {@code message} is null
     */
    public UnavailableException(String what, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.what = Objects.requireNonNull(what, "what");
    }

    /** @return what is not available, e.g. {@code "RAPL"}, {@code "NVML"} */
    public String what() {
        return what;
    }
}
