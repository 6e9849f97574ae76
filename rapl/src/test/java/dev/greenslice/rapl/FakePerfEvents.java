package dev.greenslice.rapl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link PerfEventSyscalls} filled by a test: records every open and serves counts the test sets. */
final class FakePerfEvents implements PerfEventSyscalls {

    /** One perf_event_open call. */
    record Open(int type, long config, int pid, int cpu, int fd) {
    }

    final List<Open> opens = new ArrayList<>();
    final List<Integer> closed = new ArrayList<>();
    private final Map<Integer, Long> counts = new HashMap<>();
    private final Map<Long, Integer> refuse = new HashMap<>();
    private int nextFd = 10;

    /** Every open of an event with this config fails with {@code errno}. */
    FakePerfEvents refuse(long config, int errno) {
        refuse.put(config, errno);
        return this;
    }

    /** Every open fails with {@code errno}. */
    FakePerfEvents refuseAll(int errno) {
        refuse.put(-1L, errno);
        return this;
    }

    @Override
    public int open(int type, long config, int pid, int cpu) throws IOException {
        Integer errno = refuse.getOrDefault(config, refuse.get(-1L));
        if (errno != null) {
            throw new PerfEventException(errno, "perf_event_open(type " + type + ", config 0x" + Long.toHexString(config)
                    + ", cpu " + cpu + ") failed: " + PerfEventBackend.errnoName(errno));
        }
        int fd = nextFd++;
        opens.add(new Open(type, config, pid, cpu, fd));
        counts.put(fd, 0L);
        return fd;
    }

    /** Sets the count the event with {@code config} on {@code cpu} will read. */
    void setCount(long config, int cpu, long count) {
        for (Open o : opens) {
            if (o.config == config && o.cpu == cpu) {
                counts.put(o.fd, count);
                return;
            }
        }
        throw new IllegalArgumentException("no open event 0x" + Long.toHexString(config) + " on cpu " + cpu);
    }

    @Override
    public long read(int fd) throws IOException {
        Long c = counts.get(fd);
        if (c == null || closed.contains(fd)) {
            throw new PerfEventException(9, "read of perf event descriptor " + fd + " failed: EBADF (9)");
        }
        return c;
    }

    @Override
    public void close(int fd) {
        closed.add(fd);
    }
}
