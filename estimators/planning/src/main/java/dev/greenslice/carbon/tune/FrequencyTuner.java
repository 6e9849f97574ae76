package dev.greenslice.carbon.tune;

/**
 * Chooses one SM clock for a physical GPU — all its MIG instances share it — that minimizes carbon
 * (operational + embodied) with every co-located model inside its SLO, and shows the whole carbon-versus-clock
 * curve it chose from.
 *
 * <p>Low intensity favours high clocks (embodied carbon then dominates, and it grows with time); high
 * intensity favours the clock with the least energy. The best clock also moves with the co-located models.
 *
 * <p>Implementations: offline from profiles (estimators module, {@code FrequencyTuners.offline}: every
 * clock that all co-located models' profiles have), and online against a live {@code GpuDevice} (measuring
 * candidate clocks; its curve holds the clocks it probed).
 *
 * <p>Implementations are thread-safe. A request for which no clock meets every SLO is not an error: the
 * result has no chosen clock and says why. They throw {@link IllegalArgumentException} naming the model when
 * they have no profile for it, or when the co-located models share no clock.
 */
public interface FrequencyTuner {

    /** @return the tuner's short name, e.g. {@code "offline"} */
    String name();

    /**
     * Tunes one GPU.
     *
     * @param request the co-located models, intensity and embodied carbon
     * @return the curve, the chosen clock, or the reason none was chosen
     * @throws IllegalArgumentException for a model without a profile, or models without a common clock
     */
    TuningResult tune(TuningRequest request);
}
