package dev.greenslice.nvml;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The JVM shutdown hook that restores what open device handles changed: registered once, when the first
 * change is made; each handle enrols when it changes something and leaves when it has restored or closed.
 * Thread-safe.
 */
final class RestoreOnExit {

    private static final Set<NvmlDevice> CHANGED = new LinkedHashSet<>();
    private static boolean registered;

    private RestoreOnExit() {
    }

    static synchronized void enrol(NvmlDevice device) {
        CHANGED.add(device);
        if (!registered) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(RestoreOnExit::run, "greenslice-nvml-restore"));
                registered = true;
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: close() and the journal remain
            }
        }
    }

    static synchronized void leave(NvmlDevice device) {
        CHANGED.remove(device);
    }

    static synchronized boolean enrolled(NvmlDevice device) {
        return CHANGED.contains(device);
    }

    private static void run() {
        List<NvmlDevice> devices;
        synchronized (RestoreOnExit.class) {
            devices = new ArrayList<>(CHANGED);
        }
        for (NvmlDevice d : devices) {
            d.restoreQuietly("JVM shutdown");
        }
    }
}
