package dev.greenslice.rapl;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@link MsrAccess} filled by a test: register values per CPU; a register not set faults with EIO as the
 * msr driver does for registers the CPU lacks.
 */
final class FakeMsr implements MsrAccess {

    private final Map<Integer, Map<Long, Long>> values = new HashMap<>();
    private final Set<Integer> denied = new HashSet<>();
    private final Set<Integer> missing = new HashSet<>();
    int opened;
    int closed;

    FakeMsr set(int cpu, long register, long value) {
        values.computeIfAbsent(cpu, c -> new HashMap<>()).put(register, value);
        return this;
    }

    long get(int cpu, long register) {
        return values.get(cpu).get(register);
    }

    FakeMsr add(int cpu, long register, long delta) {
        return set(cpu, register, get(cpu, register) + delta);
    }

    FakeMsr deny(int cpu) {
        denied.add(cpu);
        return this;
    }

    FakeMsr noDevice(int cpu) {
        missing.add(cpu);
        return this;
    }

    @Override
    public Registers open(int cpu) throws IOException {
        if (missing.contains(cpu)) {
            throw new NoSuchFileException("/dev/cpu/" + cpu + "/msr");
        }
        if (denied.contains(cpu)) {
            throw new AccessDeniedException("/dev/cpu/" + cpu + "/msr");
        }
        opened++;
        return new Registers() {
            private boolean isClosed;

            @Override
            public long read(long register) throws IOException {
                Long v = values.getOrDefault(cpu, Map.of()).get(register);
                if (v == null || isClosed) {
                    throw new IOException("Input/output error");
                }
                return v;
            }

            @Override
            public void close() {
                if (!isClosed) {
                    isClosed = true;
                    closed++;
                }
            }
        };
    }
}
