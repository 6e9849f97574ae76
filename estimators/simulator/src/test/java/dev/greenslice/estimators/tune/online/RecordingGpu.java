package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.gpu.GpuDevice;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigLayout;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link GpuDevice} that passes every call to a real one (the simulated GPU), records the clock-control calls,
 * and can fail a lock at one clock: for tests of what the tuner does when the device fails mid-search.
 */
final class RecordingGpu implements GpuDevice {

    private final GpuDevice inner;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Consumer<String> sink;
    private volatile int failAtMhz = -1;
    private volatile GpuDeviceException.Reason failure;
    private volatile boolean hideModel;

    RecordingGpu(GpuDevice inner) {
        this(inner, line -> { });
    }

    /** @param sink also receives every recorded call, e.g. to write it to a file */
    RecordingGpu(GpuDevice inner, Consumer<String> sink) {
        this.inner = inner;
        this.sink = sink;
    }

    /** Makes locking {@code clockMhz} fail with {@code reason}. */
    RecordingGpu failLockAt(int clockMhz, GpuDeviceException.Reason reason) {
        this.failAtMhz = clockMhz;
        this.failure = reason;
        return this;
    }

    /** Makes the device report no catalog model, as an unknown product would. */
    RecordingGpu hideModel() {
        this.hideModel = true;
        return this;
    }

    /** @return the clock-control calls so far, e.g. {@code ["lock 780", "reset"]} */
    List<String> calls() {
        return List.copyOf(calls);
    }

    private void record(String call) {
        calls.add(call);
        sink.accept(call);
    }

    @Override
    public int index() {
        return inner.index();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String uuid() {
        return inner.uuid();
    }

    @Override
    public Optional<GpuModel> model() {
        return hideModel ? Optional.empty() : inner.model();
    }

    @Override
    public Power power() {
        return inner.power();
    }

    @Override
    public Optional<Energy> totalEnergy() {
        return inner.totalEnergy();
    }

    @Override
    public int smClockMhz() {
        return inner.smClockMhz();
    }

    @Override
    public List<Integer> supportedSmClocksMhz() {
        return inner.supportedSmClocksMhz();
    }

    @Override
    public void lockSmClock(int minMhz, int maxMhz) {
        if (minMhz == failAtMhz) {
            record("refused " + minMhz);
            throw new GpuDeviceException(id(), "lockSmClock", failure, "injected failure at " + minMhz + " MHz");
        }
        inner.lockSmClock(minMhz, maxMhz);
        record("lock " + minMhz);
    }

    @Override
    public void resetSmClock() {
        inner.resetSmClock();
        record("reset");
    }

    @Override
    public boolean isMigEnabled() {
        return inner.isMigEnabled();
    }

    @Override
    public MigLayout migLayout() {
        return inner.migLayout();
    }

    @Override
    public void applyMigLayout(MigLayout layout, boolean force) {
        inner.applyMigLayout(layout, force);
    }

    @Override
    public void close() {
        inner.close();
    }
}
