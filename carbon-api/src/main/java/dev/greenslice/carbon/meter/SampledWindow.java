package dev.greenslice.carbon.meter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A window of a sampled meter in device-total attribution: start and close only read the clock; the report finds
 * the samples around each edge in the history by time.
 *
 * <p>Twelve bytes of fields, so that with compressed references the whole window is a 24-byte object, as small as
 * Micrometer's {@code Timer.Sample}: the site reference (in {@link Window}), and both edges as unsigned 32-bit
 * offsets from the site's clock base ({@link Site#baseNanos}). A window starts at most {@link #MAX_START_OFFSET}
 * after its site's base (else the view rebases the site), so every window shorter than about 2.1 s keeps its end
 * inline; a longer one stores its end in full in the window's {@link Extra} (one more small allocation for a window
 * that long). Offsets are exact nanoseconds: nothing is rounded.
 */
final class SampledWindow extends Window {

    /** A window starting this far or further from its site's base starts from a rebased site: 2^31 ns. */
    static final long MAX_START_OFFSET = 1L << 31;
    /** The largest end offset stored inline: the codes above it are {@link #FULL} and {@link #CLOSING}. */
    static final long MAX_END_OFFSET = 0xFFFF_FFFCL;
    /** The end code while open (no initialising write needed). */
    private static final int OPEN = 0;
    /** The end code once the end is stored in full in the window's {@link Extra}. */
    private static final int FULL = -1;
    /** The end code between winning the close and storing the end in full. */
    private static final int CLOSING = -2;

    private static final VarHandle END;

    static {
        try {
            END = MethodHandles.lookup().findVarHandle(SampledWindow.class, "endCode", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The start minus the site's base, in [0, 2^31) ns. */
    private final int startOffset;
    /** {@link #OPEN}, {@link #CLOSING}, {@link #FULL}, or the end minus the site's base plus one, unsigned. */
    @SuppressWarnings("unused") // accessed through END
    private volatile int endCode;

    private SampledWindow(Site site, int startOffset) {
        super(site);
        this.startOffset = startOffset;
    }

    /** Opens a window at the clock's reading, on a rebased site if the reading is too far from the site's base. */
    static SampledWindow openSampled(Site site) {
        long now = site.core.clock.monotonicNanos();
        long offset = now - site.baseNanos;
        if (offset < 0 || offset >= MAX_START_OFFSET) {
            site = site.rebased(now);
            offset = 0;
        }
        return new SampledWindow(site, (int) offset);
    }

    @Override
    long startNanos() {
        return site().baseNanos + startOffset;
    }

    @Override
    public boolean isClosed() {
        return (int) END.getVolatile(this) != OPEN;
    }

    @Override
    void closeEdge() {
        if ((int) END.getVolatile(this) != OPEN) {
            return;
        }
        Site site = site();
        long start = site.baseNanos + startOffset;
        long now;
        try {
            now = site.core.clock.monotonicNanos();
        } catch (RuntimeException e) {
            now = start; // a clock never throws; if one does, an empty window beats an exception from close()
        }
        long end = Math.max(now, start);
        long offset = end - site.baseNanos;
        if (offset >= 0 && offset <= MAX_END_OFFSET) {
            END.compareAndSet(this, OPEN, (int) (offset + 1));
        } else if (END.compareAndSet(this, OPEN, CLOSING)) {
            extra().endNanos = end;
            END.setVolatile(this, FULL);
        }
    }

    @Override
    long endNanos() {
        int c;
        while ((c = (int) END.getVolatile(this)) == CLOSING) {
            Thread.onSpinWait();
        }
        if (c == OPEN) {
            throw new IllegalStateException("window is open");
        }
        if (c == FULL) {
            return extra().endNanos;
        }
        return site().baseNanos + (Integer.toUnsignedLong(c) - 1);
    }
}
