package dev.greenslice.estimators.power;

import dev.greenslice.carbon.gpu.mig.MigInstance;

import java.time.Duration;

/**
 * What runs the models while the {@link ProfilingProtocol} measures power: on a live GPU, the caller's
 * inference server (started on a MIG instance, serving closed loop at peak); on the simulated GPU, its own
 * load ({@code SimulatedGpu.profilingLoad()}).
 *
 * <p>Implementations need not be thread-safe: the protocol calls them from one thread. Failures are
 * unchecked exceptions naming the model and instance; the protocol stops all load before rethrowing.
 */
public interface ProfilingLoad {

    /**
     * Starts serving {@code model} at {@code batchSize}, closed loop, on {@code instance} (null: the whole
     * GPU, MIG disabled) until {@link #stopAll()}.
     *
     * @param instance  the MIG instance to serve on, or null for the whole GPU
     * @param model     the model to serve
     * @param batchSize requests per batch, {@code >= 1}
     */
    void start(MigInstance instance, String model, int batchSize);

    /** Stops everything {@link #start} started. Never throws. */
    void stopAll();

    /**
     * Lets {@code duration} pass with the current load: sleeps on a live device, advances simulated time.
     *
     * @param duration how long to let the load run
     */
    void await(Duration duration);
}
