package dev.greenslice.intensity.live;

/**
 * A failed request to a live provider. The message is a short reason fit for a factor's source text
 * ({@code "HTTP 503"}, {@code "timed out after 2 s"}, {@code "malformed response: …"}); it never holds a
 * credential.
 */
final class FetchException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The HTTP status, or 0 if the failure was not an HTTP status (timeout, connection, malformed body). */
    private final int status;

    FetchException(String reason) {
        this(reason, 0);
    }

    FetchException(String reason, int status) {
        super(reason, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
