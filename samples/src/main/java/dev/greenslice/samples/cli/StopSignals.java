package dev.greenslice.samples.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a command as a child of this process so that nothing is lost when {@code greenslice} itself is told to stop:
 * while installed, SIGTERM and SIGINT no longer end the JVM at once; they are forwarded to the child's whole process
 * tree, which gets {@code killAfter} to exit before SIGKILL, and the caller then learns which signal came so that it
 * can print what it measured, marked incomplete, and exit with 128 + the signal's number (as a shell does).
 *
 * <p>Trapping a signal in Java needs {@code sun.misc.Signal} (in {@code jdk.unsupported}, present in OpenJDK 17). It
 * is reached by reflection and only here; where it is missing or refused (the JVM run with {@code -Xrs}, the signal
 * already used by the VM) a shutdown hook takes its place: the JVM still exits by the signal, but first the hook
 * stops the child's tree and waits, bounded, for the caller to print its report. One instance serves one command
 * line run (one or several children, one after another); not for concurrent children.
 */
final class StopSignals implements AutoCloseable {

    /** A signal that asks a process to stop, with its number on Linux. */
    enum Stop {
        /** SIGINT, Ctrl-C at a terminal. */
        INT(2),
        /** SIGTERM, as sent by {@code kill}, systemd, Kubernetes. */
        TERM(15);

        final int number;

        Stop(int number) {
            this.number = number;
        }

        /** The exit status a process stopped by this signal reports: 128 + its number (130, 143). */
        int exitStatus() {
            return 128 + number;
        }

        String signalName() {
            return "SIG" + name();
        }
    }

    /** How a child ended: its exit status and the signal that stopped this process meanwhile, if one did. */
    record Outcome(int exitCode, Optional<Stop> stoppedBy) {
    }

    /** Thrown by {@link #run} when a stop signal came before the child could start. */
    static final class StoppedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final transient Stop stop;

        StoppedException(Stop stop, String message) {
            super(message);
            this.stop = stop;
        }

        Stop stop() {
            return stop;
        }
    }

    private final Duration killAfter;
    private final List<Runnable> uninstall = new ArrayList<>();
    private final CompletableFuture<Void> reported = new CompletableFuture<>();
    private Stop received;
    private Process current;
    private CompletableFuture<Void> treeStopped;

    private StopSignals(Duration killAfter) {
        this.killAfter = killAfter;
    }

    /**
     * Traps SIGTERM and SIGINT until {@link #close()}.
     *
     * @param killAfter how long the child's tree gets to exit after the forwarded signal before SIGKILL
     * @return the trap
     */
    static StopSignals trap(Duration killAfter) {
        StopSignals s = new StopSignals(killAfter);
        boolean trapped = true;
        for (Stop stop : Stop.values()) {
            trapped &= s.trapWithSunMiscSignal(stop);
        }
        if (!trapped) {
            s.undo();
            s.trapWithShutdownHook();
        }
        return s;
    }

    /** The stop signal received so far, if any. */
    synchronized Optional<Stop> received() {
        return Optional.ofNullable(received);
    }

    /**
     * Starts {@code command} with stdin and stderr inherited and stdout copied to {@code sink}, and waits for it.
     *
     * @return its exit status, and the stop signal if one came while it ran (its tree has then been stopped)
     * @throws IllegalArgumentException if the command cannot be started
     * @throws StoppedException if a stop signal came before it could start
     */
    Outcome run(List<String> command, OutputStream sink) throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p;
        synchronized (this) {
            if (received != null) {
                throw new StoppedException(received, "stopped by " + received.signalName() + " before '"
                        + command.get(0) + "' started");
            }
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot run '" + command.get(0) + "': " + e.getMessage(), e);
            }
            current = p;
        }
        Thread pump = new Thread(() -> copy(p.getInputStream(), sink), "greenslice-child-output");
        pump.setDaemon(true);
        pump.start();
        int exit = p.waitFor();
        CompletableFuture<Void> stopping;
        synchronized (this) {
            current = null;
            stopping = treeStopped;
        }
        if (stopping != null) {
            // The forwarding thread waits for the whole tree, not only the child: wait for it (bounded) so that
            // the report is printed after every process the command started is gone.
            try {
                stopping.get(killAfter.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                // Best effort: what could be stopped was; the report comes anyway.
            }
            // A descendant that escaped the tree may still hold the output pipe: do not wait for it for ever.
            pump.join(killAfter.toMillis());
        } else {
            pump.join();
        }
        synchronized (this) {
            return new Outcome(exit, Optional.ofNullable(received));
        }
    }

    /** Tells a shutdown-hook fallback that the caller's report is out, so that the JVM may exit. */
    void reported() {
        reported.complete(null);
    }

    @Override
    public void close() {
        reported();
        undo();
    }

    private synchronized void undo() {
        for (int i = uninstall.size() - 1; i >= 0; i--) {
            uninstall.get(i).run();
        }
        uninstall.clear();
    }

    /** Records the signal and forwards it to the running child's tree (on the signal's own thread). */
    private void onSignal(Stop stop) {
        Process child;
        CompletableFuture<Void> stopping;
        synchronized (this) {
            if (received == null) {
                received = stop;
            }
            child = current;
            if (child == null || treeStopped != null) {
                return;
            }
            stopping = new CompletableFuture<>();
            treeStopped = stopping;
        }
        try {
            stopTree(child.toHandle(), stop, killAfter);
        } finally {
            stopping.complete(null);
        }
    }

    /**
     * Sends {@code stop} to {@code root} and every descendant (listed before the first signal, since children of a
     * dead parent are re-parented and no longer found under it), waits up to {@code killAfter} for all of them, then
     * SIGKILLs what is left, including descendants started meanwhile.
     */
    static void stopTree(ProcessHandle root, Stop stop, Duration killAfter) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        for (ProcessHandle h : tree) {
            send(h, stop);
        }
        long deadline = System.nanoTime() + killAfter.toNanos();
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (root.isAlive()) {
            root.descendants().forEach(tree::add);
        }
        for (ProcessHandle h : tree) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(1, TimeUnit.SECONDS);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                // SIGKILL cannot be refused; a process in uninterruptible sleep goes when the kernel lets it.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private interface LibC extends Library {
        int kill(int pid, int signal);
    }

    private static volatile LibC libc;

    /** SIGTERM through the JDK; another signal through libc's kill(2), or SIGTERM where libc cannot be loaded. */
    private static void send(ProcessHandle h, Stop stop) {
        if (stop != Stop.TERM) {
            try {
                LibC c = libc;
                if (c == null) {
                    c = Native.load("c", LibC.class);
                    libc = c;
                }
                c.kill(Math.toIntExact(h.pid()), stop.number);
                return;
            } catch (RuntimeException | LinkageError e) {
                // Fall through to SIGTERM: the child still stops.
            }
        }
        h.destroy();
    }

    private boolean trapWithSunMiscSignal(Stop stop) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(stop.name());
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            InvocationHandler ih = (proxy, method, args) -> {
                switch (method.getName()) {
                    case "handle" -> onSignal(stop);
                    case "hashCode" -> {
                        return System.identityHashCode(proxy);
                    }
                    case "equals" -> {
                        return proxy == args[0];
                    }
                    case "toString" -> {
                        return "greenslice stop on SIG" + stop.name();
                    }
                    default -> {
                        // no other methods
                    }
                }
                return null;
            };
            Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[]{handlerClass}, ih);
            Object previous = handle.invoke(null, signal, handler);
            uninstall.add(() -> {
                try {
                    handle.invoke(null, signal, previous);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // The JVM is going down or refuses: nothing else to restore.
                }
            });
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    private void trapWithShutdownHook() {
        Thread hook = new Thread(() -> {
            // The JVM is exiting (by a signal, which one is unknown here: say TERM, the usual one).
            onSignal(Stop.TERM);
            try {
                reported.get(killAfter.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // Bounded: the JVM must exit.
            }
        }, "greenslice-stop-child");
        Runtime.getRuntime().addShutdownHook(hook);
        uninstall.add(() -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Shutting down already: the hook runs.
            }
        });
    }

    private static void copy(InputStream in, OutputStream out) {
        try (in) {
            in.transferTo(out);
            out.flush();
        } catch (IOException e) {
            // The command's output is best effort; the report does not depend on it.
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "StopSignals[killAfter=%s]", killAfter);
    }
}
