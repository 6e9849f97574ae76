package dev.greenslice.rapl;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A {@link SysfsAccess} over the real files that lets a test deny files (as a root-only {@code energy_uj}
 * does for a normal user, which {@code chmod} cannot show when tests run as root), deny reads of an already
 * open counter, or serve a counter's values from the test instead of the file.
 */
final class InjectedSysfs implements SysfsAccess {

    private final SysfsAccess files = SysfsAccess.files();
    private final Set<String> deniedOnOpen = new HashSet<>();
    private final Set<String> deniedOnRead = new HashSet<>();
    private final Map<String, LongSupplier> served = new HashMap<>();
    int counterReads;

    /** Files whose path ends with {@code suffix} fail to open with a permission error. */
    InjectedSysfs denyOpen(String suffix) {
        deniedOnOpen.add(suffix);
        return this;
    }

    /** Counters whose path ends with {@code suffix} open, but their reads fail with a permission error. */
    InjectedSysfs denyReads(String suffix) {
        deniedOnRead.add(suffix);
        return this;
    }

    /** Lets reads succeed again. */
    InjectedSysfs allowReads(String suffix) {
        deniedOnRead.remove(suffix);
        return this;
    }

    /** The counter whose path ends with {@code suffix} reads from {@code values} rather than its file. */
    InjectedSysfs serve(String suffix, LongSupplier values) {
        served.put(suffix, values);
        return this;
    }

    private static boolean matches(Set<String> suffixes, Path p) {
        String s = p.toString();
        for (String suffix : suffixes) {
            if (s.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String readAttribute(Path file) throws IOException {
        if (matches(deniedOnOpen, file)) {
            throw new AccessDeniedException(file.toString(), null, "permission denied (injected)");
        }
        for (Map.Entry<String, LongSupplier> e : served.entrySet()) {
            if (file.toString().endsWith(e.getKey())) {
                return Long.toString(e.getValue().getAsLong());
            }
        }
        return files.readAttribute(file);
    }

    @Override
    public RawCounter openCounter(Path file) throws IOException {
        if (matches(deniedOnOpen, file)) {
            throw new AccessDeniedException(file.toString(), null, "permission denied (injected)");
        }
        LongSupplier supplier = null;
        for (Map.Entry<String, LongSupplier> e : served.entrySet()) {
            if (file.toString().endsWith(e.getKey())) {
                supplier = e.getValue();
            }
        }
        RawCounter real = files.openCounter(file);
        LongSupplier values = supplier;
        return new RawCounter() {
            @Override
            public long read() throws IOException {
                counterReads++;
                if (matches(deniedOnRead, file)) {
                    throw new AccessDeniedException(file.toString(), null, "permission denied (injected)");
                }
                return values != null ? values.getAsLong() : real.read();
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }
}
