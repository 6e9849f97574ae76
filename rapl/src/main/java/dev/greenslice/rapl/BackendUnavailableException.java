package dev.greenslice.rapl;

/** A backend cannot work on this machine; the message says why and how to fix it. */
final class BackendUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    BackendUnavailableException(String message) {
        super(message);
    }
}
