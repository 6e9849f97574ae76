package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.gpu.GpuDevice;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Locks the SM clock of one device and guarantees it is released: on {@link #restore()}, and on JVM shutdown
 * through a hook registered at the first lock and removed at restore.
 *
 * <p>Restoring calls {@link GpuDevice#resetSmClock()}, which hands the clock back to the driver (on NVML,
 * {@code nvmlDeviceResetGpuLockedClocks}: the clock the GPU had before it was locked, boosting freely). The hook
 * runs on its own thread and takes no lock of the tuner, so a JVM shutting down while a probe holds the tuner
 * still resets the clock. Thread-safe.
 */
final class ClockGuard {

    private final GpuDevice device;
    private final boolean useShutdownHook;
    private final AtomicBoolean locked = new AtomicBoolean();
    private final Thread hook;
    private volatile int lockedMhz;
    private volatile int originalMhz = -1;
    private volatile String lastRestoreProblem;

    ClockGuard(GpuDevice device, boolean useShutdownHook) {
        this.device = Objects.requireNonNull(device, "device");
        this.useShutdownHook = useShutdownHook;
        this.hook = new Thread(this::restoreNow, "greenslice-restore-clock-" + device.id());
    }

    /**
     * Locks the clock at {@code clockMhz}.
     *
     * @throws dev.greenslice.carbon.gpu.GpuDeviceException as {@link GpuDevice#lockSmClock} does, e.g.
     *                                                      NO_PERMISSION
     */
    void lock(int clockMhz) {
        if (originalMhz < 0) {
            originalMhz = device.smClockMhz();
        }
        // Marked locked (and the hook registered) before the driver call, so no lock ever exists unguarded.
        boolean first = locked.compareAndSet(false, true);
        if (first && useShutdownHook) {
            addHook();
        }
        try {
            device.lockSmClock(clockMhz, clockMhz);
        } catch (RuntimeException e) {
            if (first) {
                locked.set(false);
                removeHook();
            }
            throw e;
        }
        lockedMhz = clockMhz;
    }

    private void addHook() {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Already shutting down, or already registered: close() still restores.
        }
    }

    private void removeHook() {
        if (!useShutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running or has run; nothing to remove.
        }
    }

    /** @return the clock locked now, if any */
    OptionalInt lockedMhz() {
        return locked.get() ? OptionalInt.of(lockedMhz) : OptionalInt.empty();
    }

    /** @return the clock the device reported before the first lock, if a lock was attempted */
    OptionalInt originalMhz() {
        return originalMhz < 0 ? OptionalInt.empty() : OptionalInt.of(originalMhz);
    }

    /** @return why the last restore failed, or null if it succeeded or none was needed */
    String lastRestoreProblem() {
        return lastRestoreProblem;
    }

    /**
     * Releases the lock, if one is held, and removes the shutdown hook. Never throws: a failure is kept for
     * {@link #lastRestoreProblem()}.
     *
     * @return whether a lock was released
     */
    boolean restore() {
        boolean released = restoreNow();
        if (released) {
            removeHook();
        }
        return released;
    }

    /** The hook's thread, for tests that check it is registered and removed. */
    Thread hookThread() {
        return hook;
    }

    /** What the shutdown hook runs; package-private so tests can run it without stopping the JVM. */
    Runnable shutdownAction() {
        return this::restoreNow;
    }

    private boolean restoreNow() {
        if (!locked.getAndSet(false)) {
            return false;
        }
        try {
            device.resetSmClock();
            lastRestoreProblem = null;
        } catch (RuntimeException e) {
            lastRestoreProblem = device.id() + ": could not reset the SM clock lock: " + e.getMessage()
                    + "; reset it by hand with nvidia-smi -rgc -i " + device.index();
        }
        return true;
    }
}
