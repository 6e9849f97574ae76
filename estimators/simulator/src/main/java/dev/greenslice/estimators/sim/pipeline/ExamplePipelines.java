package dev.greenslice.estimators.sim.pipeline;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.Power;
import dev.greenslice.estimators.pipeline.ArrivalPredictor;
import dev.greenslice.estimators.pipeline.BatchProfile;
import dev.greenslice.estimators.pipeline.Objective;
import dev.greenslice.estimators.pipeline.Pipeline;
import dev.greenslice.estimators.pipeline.Stage;
import dev.greenslice.estimators.pipeline.Variant;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ProfilePoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Built-in example pipelines whose figures are measurements, not invented numbers: every latency,
 * throughput and power comes from the EnerTune A100-80GB profiles shipped with this module
 * ({@code dev/greenslice/estimators/data/enertune-a100-80gb/}, from the public repository
 * {@code UT-SysML/EnerTune}, {@code data/model_datastore.csv} and the power constants in
 * {@code src/scheduler.py}; one NVIDIA A100 80GB, CUDA 12.9, driver 575.57.08, one model at a time, each on
 * its own MIG instance), and every accuracy from the cited model documentation.
 *
 * <p>How the measurements become variants: each (model, MIG instance size) pair measured at the chosen SM
 * clock is one variant named {@code model@Ng}, holding N of the A100's 7 compute slices per replica
 * (resource unit: "MIG compute slices"). Per batch size: latency = the measured time to serve one batch;
 * throughput = the measured requests per second; active energy per batch = measured dynamic power
 * ({@code avg_power_draw} minus the board baseline at that clock) × batch ÷ throughput. Idle power per
 * replica = the board baseline at that clock ({@code static + fan + idle} in {@code device_power.csv},
 * about 73 W at 1410 MHz) × N / 7 — the SCI resource-share of the board that the replica reserves.
 * Replicas are separate MIG instances (one or more GPUs); packing them onto GPUs is the MIG planner's job,
 * not this one's.
 *
 * <p>Accuracies:
 * <ul>
 *   <li>Image classifiers — ImageNet-1K top-1 of the torchvision {@code IMAGENET1K_V1} weights, which
 *       EnerTune loads ({@code torch.hub.load("pytorch/vision:v0.14.1", name, pretrained=True)}), from the
 *       torchvision model documentation (pytorch.org/vision/stable/models): mobilenet_v3_large 74.042 %,
 *       resnet50 76.130 %, resnet152 78.312 %, densenet161 77.138 %, densenet169 75.600 %, vgg11 69.020 %,
 *       vgg19 72.376 %.</li>
 *   <li>Speech-to-text — EnerTune's whisper is {@code openai/whisper-small}; accuracy proxy 1 − WER with
 *       3.4 % WER on LibriSpeech test-clean (Radford et al., "Robust Speech Recognition via Large-Scale Weak
 *       Supervision", 2022, appendix D.1.1), i.e. 0.966.</li>
 *   <li>Text generation — EnerTune's gpt is {@code EleutherAI/gpt-j-6B} generating up to 256 tokens (the
 *       data's README calls it summarization); there is no summarization score for it in the sources, so
 *       the stated proxy is its LAMBADA accuracy 69.7 % from the EleutherAI model card.</li>
 * </ul>
 * In the audio pipeline each stage runs one model, so its accuracy is constant across configurations and
 * only sets the reported level; decisions there trade resources, batching and energy.
 *
 * <p>Objective weights and SLAs are design choices of these examples (stated on each method), scaled so
 * that no single term swamps the others at the example's load; they are not measurements.
 *
 * <p>Stateless and thread-safe. Fails with {@link IllegalArgumentException} for a clock the data has no
 * measurements at (it lists the clocks there are).
 */
public final class ExamplePipelines {

    /** The A100's SM clock (MHz) the examples use unless told otherwise: its maximum, 1410 MHz. */
    public static final int DEFAULT_CLOCK_MHZ = 1410;

    private static final int A100_COMPUTE_SLICES = 7;

    /** Where every measured figure of the examples comes from, as their variants and assumptions cite it. */
    static final String PROVENANCE = "measured on an NVIDIA A100 80GB by the EnerTune authors "
            + "(github.com/UT-SysML/EnerTune, data/model_datastore.csv), shipped as "
            + EnerTuneA100.RESOURCE_DIR.substring(1);

    private static final Map<String, Double> IMAGENET_TOP1 = new LinkedHashMap<>();
    private static final String TORCHVISION = "torchvision IMAGENET1K_V1 ImageNet-1K acc@1 (pytorch.org/vision/stable/models)";

    static {
        IMAGENET_TOP1.put("mobilenet_v3_large", 0.74042);
        IMAGENET_TOP1.put("resnet50", 0.76130);
        IMAGENET_TOP1.put("resnet152", 0.78312);
        IMAGENET_TOP1.put("densenet161", 0.77138);
        IMAGENET_TOP1.put("densenet169", 0.75600);
        IMAGENET_TOP1.put("vgg11", 0.69020);
        IMAGENET_TOP1.put("vgg19", 0.72376);
    }

    /** whisper-small: 1 − 3.4 % WER on LibriSpeech test-clean. */
    static final double WHISPER_SMALL_ACCURACY = 1 - 0.034;
    /** GPT-J-6B: LAMBADA accuracy 69.7 %. */
    static final double GPT_J_ACCURACY = 0.697;

    private ExamplePipelines() {
    }

    /**
     * The example called {@code name}, at {@value #DEFAULT_CLOCK_MHZ} MHz.
     *
     * @param name {@code image-classification} or {@code audio-summary}
     * @return the example
     * @throws IllegalArgumentException for another name, listing the two
     */
    public static ExamplePipeline byName(String name) {
        return switch (name) {
            case "image-classification" -> imageClassification();
            case "audio-summary" -> audioSummary();
            default -> throw new IllegalArgumentException("Unknown example pipeline '" + name
                    + "'; use image-classification or audio-summary");
        };
    }

    /**
     * {@link #imageClassification(int)} at {@value #DEFAULT_CLOCK_MHZ} MHz.
     *
     * @return the example
     */
    public static ExamplePipeline imageClassification() {
        return imageClassification(DEFAULT_CLOCK_MHZ);
    }

    /**
     * An image-classification service: one stage, {@code classify}, whose variants are the seven measured
     * ImageNet classifiers on every measured MIG instance size. Replicas 1–8, every measured batch size
     * (1/2–32). SLA 100 ms end to end. Objective (a design choice): α = 1 per unit top-1 accuracy,
     * β = 0.002 per MIG slice, γ = 0.0002 per batch-size unit, δ = 0.05 per joule per request — so one
     * accuracy point (0.01) is worth 5 slices, 50 batch units or 0.2 J per request. Workloads peak at
     * 4,000 requests/s. Adaptation: maximum of the last 20 s + 10 %, reconfiguration cost 0.002.
     *
     * @param clockMhz the A100's SM clock whose measurements to use, in MHz; one of the 15 in the data set
     * @return the example, with every figure's source in its assumptions
     * @throws IllegalArgumentException for a clock the data set has no measurements at, listing those it has
     */
    public static ExamplePipeline imageClassification(int clockMhz) {
        List<Assumption> assumptions = new ArrayList<>(common(clockMhz));
        List<Variant> variants = new ArrayList<>();
        for (Map.Entry<String, Double> e : IMAGENET_TOP1.entrySet()) {
            variants.addAll(variantsOf(e.getKey(), e.getValue(), TORCHVISION, clockMhz));
            assumptions.add(Assumption.of(e.getKey() + " accuracy", String.format(java.util.Locale.ROOT, "%.3f %% top-1",
                    e.getValue() * 100), TORCHVISION));
        }
        Pipeline pipeline = Pipeline.builder("image-classification")
                .resourceUnit("MIG compute slices")
                .latencySla(Duration.ofMillis(100))
                .stage(Stage.builder().name("classify").variants(variants).minReplicas(1).maxReplicas(8)
                        .minBatch(1).maxBatch(32).build())
                .build();
        assumptions.add(Assumption.of("latency SLA", "100 ms", "design choice of the example"));
        return new ExamplePipeline("image-classification", pipeline, Objective.energy(1, 0.002, 0.0002, 0.05), 4000,
                ArrivalPredictor.windowMax(20, 0.1), 0.002, assumptions);
    }

    /**
     * {@link #audioSummary(int)} at {@value #DEFAULT_CLOCK_MHZ} MHz.
     *
     * @return the example
     */
    public static ExamplePipeline audioSummary() {
        return audioSummary(DEFAULT_CLOCK_MHZ);
    }

    /**
     * Audio → transcript → text: {@code transcribe} (whisper-small on 2g/3g/4g/7g instances, batch 2–32,
     * replicas 1–4, batches leave after at most 1 s — a serving stack's max batch delay, without which a
     * batch of 2 at 0.1 request/s would wait 10 s) then {@code summarize} (GPT-J-6B on 2g/3g/4g/7g, batch
     * 1, replicas 1–12). SLA 20 s end to end. Objective (a design choice): α = 1, β = 0.01 per MIG slice, γ = 0.001 per batch-size unit,
     * δ = 0.0002 per joule per request — one accuracy point is worth one slice, 10 batch units or 50 J per
     * request. Workloads peak at 1 request/s. Adaptation: the highest 10-s mean of the last 60 s + 20 % (at
     * one request per second, per-second counts are mostly 0, 1 or 2: their maximum is noise), reconfiguration
     * cost 0.02.
     *
     * @param clockMhz the A100's SM clock whose measurements to use, in MHz; GPT-J was measured at fewer clocks
     *                 than whisper
     * @return the example, with every figure's source in its assumptions
     * @throws IllegalArgumentException for a clock the data set has no measurements of both models at
     */
    public static ExamplePipeline audioSummary(int clockMhz) {
        List<Assumption> assumptions = new ArrayList<>(common(clockMhz));
        String whisperSource = "openai/whisper-small, 1 - 3.4 % WER on LibriSpeech test-clean (Radford et al. 2022, app. D.1.1)";
        String gptSource = "EleutherAI/gpt-j-6B, LAMBADA accuracy 69.7 % (EleutherAI model card; a proxy: no summarization score)";
        Pipeline pipeline = Pipeline.builder("audio-summary")
                .resourceUnit("MIG compute slices")
                .latencySla(Duration.ofSeconds(20))
                .stage(Stage.builder().name("transcribe")
                        .variants(variantsOf("whisper", WHISPER_SMALL_ACCURACY, whisperSource, clockMhz))
                        .maxReplicas(4).maxBatch(32).maxBatchWait(Optional.of(Duration.ofSeconds(1))).build())
                .stage(Stage.builder().name("summarize")
                        .variants(variantsOf("gpt", GPT_J_ACCURACY, gptSource, clockMhz)).minReplicas(1)
                        .maxReplicas(12).minBatch(1).maxBatch(32).build())
                .build();
        assumptions.add(Assumption.of("whisper accuracy", "0.966", whisperSource));
        assumptions.add(Assumption.of("gpt accuracy", "0.697", gptSource));
        assumptions.add(Assumption.of("latency SLA", "20 s", "design choice of the example"));
        return new ExamplePipeline("audio-summary", pipeline, Objective.energy(1, 0.01, 0.001, 0.0002), 1.0,
                ArrivalPredictor.peakOfMeans(60, 10, 0.2), 0.02, assumptions);
    }

    private static List<Assumption> common(int clockMhz) {
        double baseline = baseline(clockMhz);
        return List.of(
                Assumption.of("latency, throughput, power", "per model x batch x MIG slices at " + clockMhz + " MHz",
                        PROVENANCE),
                Assumption.of("idle power per replica", String.format(java.util.Locale.ROOT,
                        "%.2f W x slices / 7", baseline), "board baseline (static + fan + idle) at " + clockMhz
                        + " MHz, device_power.csv; SCI resource-share"),
                Assumption.of("active energy per batch", "dynamic power x batch / throughput",
                        "model_datastore.csv dynamic_power_draw and throughput"),
                Assumption.of("replica scaling", "throughput adds across replicas", "separate MIG instances"));
    }

    /** The board baseline (static + fan + idle) at {@code clockMhz}, in watts. */
    private static double baseline(int clockMhz) {
        DevicePowerProfile device = EnerTuneA100.devicePower();
        if (!device.hasClock(clockMhz)) {
            throw new IllegalArgumentException("No EnerTune measurements at " + clockMhz + " MHz; measured clocks are "
                    + device.clocksMhz());
        }
        return device.baseline(clockMhz).watts();
    }

    /** One variant per measured MIG instance size of {@code model} at {@code clockMhz}. */
    static List<Variant> variantsOf(String model, double accuracy, String accuracySource, int clockMhz) {
        double baseline = baseline(clockMhz);
        Map<Integer, Variant.Builder> bySlices = new TreeMap<>();
        List<ProfilePoint> points = EnerTuneA100.profiles().find(model).map(ModelProfile::points).orElse(List.of());
        for (ProfilePoint p : points) {
            if (p.clockMhz() != clockMhz) {
                continue;
            }
            Variant.Builder b = bySlices.computeIfAbsent(p.slices(), s -> Variant.builder(model + "@" + s + "g", model)
                    .accuracy(accuracy)
                    .resourceUnitsPerReplica(s)
                    .idlePowerPerReplica(Power.ofWatts(baseline * s / A100_COMPUTE_SLICES))
                    .source(PROVENANCE + "; accuracy: " + accuracySource));
            b.batch(BatchProfile.fromPower(p.batchSize(), Duration.ofNanos(Math.round(p.latencyMs() * 1e6)),
                    p.requestsPerSecond(), p.dynamicPower()));
        }
        if (bySlices.isEmpty()) {
            throw new IllegalArgumentException("No EnerTune measurements of '" + model + "' at " + clockMhz + " MHz");
        }
        return bySlices.values().stream().map(Variant.Builder::build).toList();
    }
}
