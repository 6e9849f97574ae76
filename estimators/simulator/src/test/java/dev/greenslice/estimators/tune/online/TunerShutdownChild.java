package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.estimators.sim.SimulatedGpu;
import dev.greenslice.estimators.sim.SimulatedTraffic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The child JVM of {@link ShutdownRestoreTest}: tunes the simulated A100 through a recording device that writes
 * every clock call to a file, says so on stdout, and waits to be terminated without ever closing the tuner.
 */
public final class TunerShutdownChild {

    private TunerShutdownChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path log = Path.of(args[0]);
        MockClock clock = new MockClock();
        SimulatedGpu sim = SimulatedGpu.a100(clock);
        RecordingGpu gpu = new RecordingGpu(sim, line -> {
            try {
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        OnlineFrequencyTuner tuner = OnlineFrequencyTuner.builder(gpu, SimulatedTraffic.on(sim, OnlineFrequencyTunerTest.PAIR, 1))
                .intensity(CarbonIntensities.of(EnergySource.GAS)).clock(clock).build();
        OnlineTuning t = tuner.tune();
        System.out.println("TUNED " + t.clockMhz().getAsInt());
        System.out.flush();
        while (true) {
            Thread.sleep(1000);
        }
    }
}
