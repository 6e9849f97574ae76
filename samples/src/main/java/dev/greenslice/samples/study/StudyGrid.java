package dev.greenslice.samples.study;

import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.ModelDemand;

import java.util.List;

/**
 * What the study computes: the model sets, the loads and the energy sources it crosses, how much work each
 * model serves, and the SLO. Immutable.
 *
 * @param modelSets  pairs and triples of models from the data set
 * @param loads      closed loop and Poisson load shares
 * @param sources    the grids' energy sources (IPCC lifecycle medians)
 * @param peakHours  each model's workload, in hours of its reference peak throughput: the number of requests
 *                   is {@code peakHours × 3600 × reference throughput}, so every model serves the same amount of
 *                   time's work; positive
 * @param sloFactor  the SLO on mean latency as a multiple of the isolated latency; positive
 */
public record StudyGrid(List<ModelSet> modelSets, List<LoadPoint> loads, List<EnergySource> sources,
                        double peakHours, double sloFactor) {

    /**
     * Checks the figures and copies the lists.
     *
     * @param modelSets  pairs and triples of models from the data set
     * @param loads      closed loop and Poisson load shares
     * @param sources    the grids' energy sources (IPCC lifecycle medians)
     * @param peakHours  each model's workload, in hours of its reference peak throughput: the number of requests
     *                   is {@code peakHours × 3600 × reference throughput}, so every model serves the same amount of
     *                   time's work; positive
     * @param sloFactor  the SLO on mean latency as a multiple of the isolated latency; positive
     * @throws IllegalArgumentException for an empty list or a non-positive figure
     */
    public StudyGrid {
        modelSets = List.copyOf(modelSets);
        loads = List.copyOf(loads);
        sources = List.copyOf(sources);
        if (modelSets.isEmpty() || loads.isEmpty() || sources.isEmpty()) {
            throw new IllegalArgumentException("A study grid needs at least one model set, load and energy source");
        }
        if (!(peakHours > 0) || Double.isInfinite(peakHours)) {
            throw new IllegalArgumentException("Workload size must be a positive number of peak hours, got " + peakHours);
        }
        if (!(sloFactor > 0) || Double.isInfinite(sloFactor)) {
            throw new IllegalArgumentException("SLO factor must be positive, got " + sloFactor);
        }
    }

    /** The headline pair of the study's kinds: speech-to-text (whisper) with text summarization (gpt). */
    public static final ModelSet WHISPER_GPT = ModelSet.of("speech-to-text + summarization", "whisper:16", "gpt:1");

    /** Image generation at 256² with summarization: the small-output side of the output-size question. */
    public static final ModelSet DIFFUSION_256_GPT = ModelSet.of("image generation 256² + summarization",
            "diffusion_256_256:1", "gpt:1");

    /** Image generation at 1024² with summarization: the large-output side of the output-size question. */
    public static final ModelSet DIFFUSION_1024_GPT = ModelSet.of("image generation 1024² + summarization",
            "diffusion_1024_1024:1", "gpt:1");

    /**
     * The full study: eight model sets (five pairs, three triples) covering image generation at 256² and
     * 1024², speech-to-text, summarization and image classification; closed loop and Poisson at 25, 50, 75,
     * 100 and 125% of peak; coal, gas, solar and wind; one hour of peak work per model; SLO 5 × isolated
     * latency (the co-location study's).
     *
     * @return the full grid
     */
    public static StudyGrid full() {
        return new StudyGrid(List.of(
                WHISPER_GPT,
                DIFFUSION_256_GPT,
                DIFFUSION_1024_GPT,
                ModelSet.of("image classification pair", "resnet50:8", "densenet161:8"),
                ModelSet.of("image generation 256² + speech-to-text", "diffusion_256_256:1", "whisper:16"),
                ModelSet.of("speech-to-text + summarization + classification", "whisper:16", "gpt:1", "resnet50:8"),
                ModelSet.of("image generation 256² + summarization + classification", "diffusion_256_256:1", "gpt:1",
                        "densenet161:8"),
                ModelSet.of("image generation 1024² + speech-to-text + classification", "diffusion_1024_1024:1",
                        "whisper:16", "resnet50:8")),
                List.of(LoadPoint.closedLoop(), LoadPoint.poisson(0.25), LoadPoint.poisson(0.5), LoadPoint.poisson(0.75),
                        LoadPoint.poisson(1.0), LoadPoint.poisson(1.25)),
                List.of(EnergySource.COAL, EnergySource.GAS, EnergySource.SOLAR, EnergySource.WIND),
                1.0, ModelDemand.DEFAULT_SLO_FACTOR);
    }
}
