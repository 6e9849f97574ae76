package dev.greenslice.carbon.meter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A window that stores its edges as full clock readings: synchronous ({@link SyncWindow}) and shared-attribution
 * ({@link SharedWindow}) windows, which carry per-window state anyway. The end is stored with no initialising
 * write (0 means open).
 */
abstract class WideWindow extends Window {

    /** The end field's value while open. */
    static final long OPEN = 0L;
    /** The end field's value between a shared window's announcement of its close and its clock read. */
    static final long CLOSING = 1L;

    private static final VarHandle END;

    static {
        try {
            END = MethodHandles.lookup().findVarHandle(WideWindow.class, "endBits", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The start, monotonic ns; written once before the window is published (shared windows: see there). */
    long startNanos;
    /** {@link #OPEN}, {@link #CLOSING}, or the end in monotonic ns encoded by {@link #encode(long)}. */
    @SuppressWarnings("unused") // accessed through END
    private volatile long endBits;

    WideWindow(Site site, long startNanos) {
        super(site);
        this.startNanos = startNanos;
    }

    /** Ends are stored shifted so that 0 and 1 (open, closing) are never a clock reading a meter can see. */
    static long encode(long nanos) {
        return nanos - Long.MIN_VALUE;
    }

    /** Sets the end if still open; returns whether this call did. */
    final boolean setEnd(long nanos) {
        return END.compareAndSet(this, OPEN, encode(nanos));
    }

    /** Announces a close whose clock read follows (shared attribution); returns whether this call won. */
    final boolean announceClose() {
        return END.compareAndSet(this, OPEN, CLOSING);
    }

    /** Publishes the end after {@link #announceClose()}. */
    final void publishEnd(long nanos) {
        END.setVolatile(this, encode(nanos));
    }

    /** The raw end field: {@link #OPEN}, {@link #CLOSING} or an encoded end. */
    final long endBits() {
        return (long) END.getVolatile(this);
    }

    @Override
    public final boolean isClosed() {
        return endBits() != OPEN;
    }

    @Override
    long startNanos() {
        return startNanos;
    }

    @Override
    final long endNanos() {
        long b;
        while ((b = endBits()) == CLOSING) {
            Thread.onSpinWait();
        }
        if (b == OPEN) {
            throw new IllegalStateException("window is open");
        }
        return b + Long.MIN_VALUE;
    }
}
