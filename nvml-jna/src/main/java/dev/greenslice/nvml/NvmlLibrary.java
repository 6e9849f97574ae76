package dev.greenslice.nvml;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * One loaded libnvidia-ml: its interface-mapped API, its hot calls, and a reference count so that every
 * {@link Nvml} session and {@link NvmlDevice} handle in the JVM shares one {@code nvmlInit_v2}; the last release
 * calls {@code nvmlShutdown}. JNA loads a library file once per JVM, so instances are cached by name.
 *
 * <p>Thread-safe: acquire and release synchronise on the class; calls need no lock (NVML is thread-safe).
 */
final class NvmlLibrary {

    private static final Map<String, NvmlLibrary> LOADED = new HashMap<>();

    private final String name;
    private final NativeLibrary nativeLibrary;
    private final NvmlNative api;
    private final HotCalls hot;
    private final String[] errorStrings = new String[32];
    private int references;

    private NvmlLibrary(String name, NativeLibrary nativeLibrary, NvmlNative api, HotCalls hot) {
        this.name = name;
        this.nativeLibrary = nativeLibrary;
        this.api = api;
        this.hot = hot;
    }

    /** NVML could not be used; carries the answer for {@link Nvml#tryOpen}. */
    static final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient NvmlUnavailable unavailable;

        UnavailableException(NvmlUnavailable unavailable) {
            super(unavailable.message(), null, false, false);
            this.unavailable = unavailable;
        }

        NvmlUnavailable unavailable() {
            return unavailable;
        }
    }

    /** The names searched when no library is named, in order. */
    static List<String> systemNames() {
        if (Platform.isWindows()) {
            return List.of("nvml", "C:\\Program Files\\NVIDIA Corporation\\NVSMI\\nvml.dll");
        }
        return List.of("libnvidia-ml.so.1", "nvidia-ml");
    }

    /** Loads (once per JVM) and initialises (once per first reference) the library the options name. */
    static NvmlLibrary acquire(NvmlOptions options) throws UnavailableException {
        synchronized (NvmlLibrary.class) {
            NvmlLibrary lib = load(options);
            if (lib.references == 0) {
                int rc;
                try {
                    rc = lib.api.nvmlInit_v2();
                } catch (UnsatisfiedLinkError e) {
                    throw new UnavailableException(new NvmlUnavailable(lib.name,
                            lib.name + " does not export nvmlInit_v2 (" + e.getMessage() + ")",
                            "use the libnvidia-ml.so.1 of an NVIDIA driver R418 or newer"));
                }
                if (rc != 0) {
                    NvmlReturn code = NvmlReturn.of(rc);
                    throw new UnavailableException(new NvmlUnavailable(lib.name,
                            "nvmlInit_v2 returned " + code.constantName() + " (" + rc + ") \""
                                    + lib.errorString(rc) + "\"", code.fix()));
                }
            }
            lib.references++;
            return lib;
        }
    }

    private static NvmlLibrary load(NvmlOptions options) throws UnavailableException {
        String named = options.library().trim();
        List<String> candidates = named.isEmpty() ? systemNames() : List.of(named);
        String tried = named.isEmpty() ? String.join(", ", candidates) : named;
        if (!named.isEmpty() && looksLikeFile(named) && Files.isDirectory(Path.of(named))) {
            throw new UnavailableException(new NvmlUnavailable(named, named + " is a directory, not the library file",
                    "name the libnvidia-ml.so.1 file itself in " + NvmlOptions.LIBRARY_SETTING));
        }
        if (!named.isEmpty() && looksLikeFile(named) && !Files.isRegularFile(Path.of(named))) {
            throw new UnavailableException(new NvmlUnavailable(named, "the file " + named + " does not exist",
                    "check the path given in " + NvmlOptions.LIBRARY_SETTING));
        }
        NvmlLibrary resolved = LOADED.get(named);
        if (resolved != null) {
            return resolved;
        }
        List<String> failures = new ArrayList<>();
        for (String candidate : candidates) {
            NvmlLibrary cached = LOADED.get(candidate);
            if (cached != null) {
                LOADED.put(named, cached);
                return cached;
            }
            NativeLibrary nl;
            try {
                nl = NativeLibrary.getInstance(candidate);
            } catch (UnsatisfiedLinkError e) {
                failures.add(loadFailure(candidate, e.getMessage()));
                continue;
            } catch (LinkageError e) {
                throw new UnavailableException(new NvmlUnavailable(tried,
                        "JNA cannot load its native support: " + firstLine(e.getMessage()),
                        "set -Djna.tmpdir to a private (0700) directory that may hold executables, or let the"
                                + " system temporary directory hold them"));
            }
            try {
                nl.getFunction("nvmlInit_v2");
            } catch (UnsatisfiedLinkError e) {
                throw new UnavailableException(new NvmlUnavailable(candidate,
                        candidate + " is not libnvidia-ml: it exports no nvmlInit_v2",
                        "point " + NvmlOptions.LIBRARY_SETTING + " at libnvidia-ml.so.1 of an NVIDIA driver R418 or newer"));
            }
            NvmlNative api = Native.load(candidate, NvmlNative.class);
            HotCalls hot = isJvmDefault(named) ? HotCalls.Direct.bind(nl) : null;
            if (hot == null) {
                hot = new HotCalls.Indirect(nl);
            }
            NvmlLibrary lib = new NvmlLibrary(candidate, nl, api, hot);
            LOADED.put(candidate, lib);
            LOADED.put(named, lib); // "" remembers which system name resolved
            return lib;
        }
        throw new UnavailableException(new NvmlUnavailable(tried,
                "no NVIDIA management library found (" + String.join("; ", failures) + ")",
                named.isEmpty()
                        ? "install the NVIDIA driver, or name the library file in " + NvmlOptions.LIBRARY_SETTING
                        : "check that " + named + " is a loadable libnvidia-ml for this platform"));
    }

    /** The JVM's NVML is the one named by the system property, or the system's: it gets direct mapping. */
    private static boolean isJvmDefault(String named) {
        return named.isEmpty() || named.equals(System.getProperty(NvmlOptions.LIBRARY_PROPERTY, "").trim());
    }

    private static boolean looksLikeFile(String s) {
        return s.contains("/") || s.contains("\\") || s.endsWith(".so") || s.endsWith(".dll") || s.endsWith(".dylib");
    }

    /** The dlopen error JNA reports on its second line ("x: cannot open shared object file: …"), else its first. */
    private static String loadFailure(String candidate, String message) {
        if (message != null) {
            String[] lines = message.split("\\R");
            if (lines.length > 1 && lines[0].trim().endsWith(":") && !lines[1].isBlank()) {
                String dl = lines[1].trim();
                return dl.startsWith(candidate) ? dl : candidate + ": " + dl;
            }
        }
        return candidate + ": " + firstLine(message);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    /** Drops one reference; the last one shuts NVML down. Never throws. */
    void release() {
        synchronized (NvmlLibrary.class) {
            if (references == 0) {
                return;
            }
            references--;
            if (references == 0) {
                try {
                    api.nvmlShutdown();
                } catch (RuntimeException | UnsatisfiedLinkError e) {
                    // nothing to do: the process keeps the library mapped either way
                }
            }
        }
    }

    /** @return whether at least one session or device holds this library initialised */
    boolean initialised() {
        synchronized (NvmlLibrary.class) {
            return references > 0;
        }
    }

    String name() {
        return name;
    }

    NvmlNative api() {
        return api;
    }

    HotCalls hot() {
        return hot;
    }

    /** @return whether the library exports {@code function} */
    boolean exports(String function) {
        try {
            nativeLibrary.getFunction(function);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    /** @return the driver's {@code nvmlErrorString} text for {@code rc}, or "" if it has none */
    String errorString(int rc) {
        int slot = rc >= 0 && rc < errorStrings.length ? rc : rc == 999 ? errorStrings.length - 1 : -1;
        if (slot >= 0 && errorStrings[slot] != null) {
            return errorStrings[slot];
        }
        String s;
        try {
            s = api.nvmlErrorString(rc);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            s = "";
        }
        s = s == null ? "" : s;
        if (slot >= 0) {
            errorStrings[slot] = s;
        }
        return s;
    }

    NvmlException error(int rc, String function, String device, String operation, String detail) {
        return new NvmlException(device, operation, function, rc, errorString(rc), detail);
    }

    NvmlException missing(String function, String device, String operation, UnsatisfiedLinkError cause) {
        return new NvmlException(device, operation, function, NvmlReturn.FUNCTION_NOT_FOUND.code(),
                errorString(NvmlReturn.FUNCTION_NOT_FOUND.code()),
                name + " does not export " + function + ", so " + operation + " is not available with this driver",
                cause);
    }

    /**
     * Runs one NVML call and throws {@link NvmlException} unless it returns SUCCESS or one of {@code allowed};
     * a symbol missing from the library becomes FUNCTION_NOT_FOUND for this call only.
     *
     * @return the return code (SUCCESS or an allowed one)
     */
    int call(String device, String operation, String function, IntSupplier call, NvmlReturn... allowed) {
        int rc;
        try {
            rc = call.getAsInt();
        } catch (UnsatisfiedLinkError e) {
            throw missing(function, device, operation, e);
        }
        if (rc == 0) {
            return rc;
        }
        for (NvmlReturn a : allowed) {
            if (a.code() == rc) {
                return rc;
            }
        }
        throw error(rc, function, device, operation, null);
    }

    /** Decodes a NUL-terminated C string. */
    static String cString(byte[] buffer) {
        int n = 0;
        while (n < buffer.length && buffer[n] != 0) {
            n++;
        }
        return new String(buffer, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "libnvidia-ml[" + name + (hot.direct() ? ", direct" : ", indirect") + "]";
    }
}
