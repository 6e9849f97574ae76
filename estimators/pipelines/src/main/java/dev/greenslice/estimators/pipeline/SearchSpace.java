package dev.greenslice.estimators.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Every per-stage option of a pipeline evaluated once for one demand and objective, in flat arrays.
 *
 * <p>Stage {@code s} has options indexed {@code o = ((v · R) + (n − minReplicas)) · U + u}: variant
 * {@code v}, replicas {@code n}, and the {@code u}-th size of the stage's union of allowed batch sizes.
 * An option whose variant has no profile for that batch size is {@code valid = false}. An option is
 * {@code local} when it can be part of a feasible configuration on its own account: valid, sustains the
 * arrival rate, finite latency no greater than the SLA. A configuration is feasible iff all its options are
 * local and their latencies add up to at most the SLA.
 *
 * <p>Not thread-safe to build; read-only afterwards.
 */
final class SearchSpace {

    final Pipeline pipeline;
    final Objective objective;
    final Demand demand;
    final double lambda;
    final double slaSeconds;
    final double gramsPerJoule;
    final boolean hasIntensity;
    final int stages;
    final int[] variantCount;
    final int[] minReplicas;
    final int[] replicaCount;
    final int[][] batchSizes;
    final int[] optionCount;
    final boolean[][] valid;
    final boolean[][] local;
    final double[][] accuracy;
    final double[][] cost;
    final double[][] latency;
    final double[][] resource;
    final double[][] joules;
    final double[][] capacity;

    SearchSpace(Pipeline pipeline, Objective objective, Demand demand) {
        this.pipeline = pipeline;
        this.objective = objective;
        this.demand = demand;
        this.lambda = demand.requestsPerSecond();
        this.slaSeconds = pipeline.latencySla().toNanos() / 1e9;
        this.hasIntensity = demand.intensity().isPresent();
        if (objective.footprint() == Objective.Footprint.CARBON && !hasIntensity && objective.footprintWeight() > 0) {
            throw new IllegalArgumentException("The objective weighs carbon per request but the demand has no carbon "
                    + "intensity; build it with Demand.of(requestsPerSecond, intensity)");
        }
        this.gramsPerJoule = hasIntensity ? demand.intensity().get().toGramsPerJoule() : 0;
        List<Stage> st = pipeline.stages();
        stages = st.size();
        variantCount = new int[stages];
        minReplicas = new int[stages];
        replicaCount = new int[stages];
        batchSizes = new int[stages][];
        optionCount = new int[stages];
        valid = new boolean[stages][];
        local = new boolean[stages][];
        accuracy = new double[stages][];
        cost = new double[stages][];
        latency = new double[stages][];
        resource = new double[stages][];
        joules = new double[stages][];
        capacity = new double[stages][];
        for (int s = 0; s < stages; s++) {
            Stage stage = st.get(s);
            TreeSet<Integer> sizes = new TreeSet<>();
            for (Variant v : stage.variants()) {
                for (BatchProfile b : v.batches()) {
                    if (stage.allowsBatch(b.batchSize())) {
                        sizes.add(b.batchSize());
                    }
                }
            }
            batchSizes[s] = sizes.stream().mapToInt(Integer::intValue).toArray();
            variantCount[s] = stage.variants().size();
            minReplicas[s] = stage.minReplicas();
            replicaCount[s] = stage.maxReplicas() - stage.minReplicas() + 1;
            int k = variantCount[s] * replicaCount[s] * batchSizes[s].length;
            optionCount[s] = k;
            valid[s] = new boolean[k];
            local[s] = new boolean[k];
            accuracy[s] = new double[k];
            cost[s] = new double[k];
            latency[s] = new double[k];
            resource[s] = new double[k];
            joules[s] = new double[k];
            capacity[s] = new double[k];
            double tau = stage.maxBatchWaitSeconds();
            for (int v = 0; v < variantCount[s]; v++) {
                Variant variant = stage.variants().get(v);
                for (int r = 0; r < replicaCount[s]; r++) {
                    int n = minReplicas[s] + r;
                    for (int u = 0; u < batchSizes[s].length; u++) {
                        int o = (v * replicaCount[s] + r) * batchSizes[s].length + u;
                        Optional<BatchProfile> p = variant.batch(batchSizes[s][u]);
                        accuracy[s][o] = variant.accuracy();
                        resource[s][o] = n * variant.resourceUnitsPerReplica();
                        if (p.isEmpty()) {
                            latency[s][o] = Double.POSITIVE_INFINITY;
                            cost[s][o] = Double.POSITIVE_INFINITY;
                            joules[s][o] = Double.POSITIVE_INFINITY;
                            continue;
                        }
                        valid[s][o] = true;
                        BatchProfile b = p.get();
                        capacity[s][o] = PipelineMath.capacity(b, n, lambda, tau);
                        latency[s][o] = PipelineMath.stageLatencySeconds(b, n, lambda, tau);
                        joules[s][o] = PipelineMath.stageJoulesPerRequest(variant, b, n, lambda, tau);
                        cost[s][o] = PipelineMath.stageCost(objective, resource[s][o], b.batchSize(),
                                PipelineMath.footprint(objective, joules[s][o], gramsPerJoule));
                        local[s][o] = capacity[s][o] >= lambda && latency[s][o] <= slaSeconds;
                    }
                }
            }
        }
    }

    int option(int s, int variant, int replicaOffset, int batchIndex) {
        return (variant * replicaCount[s] + replicaOffset) * batchSizes[s].length + batchIndex;
    }

    int variantOf(int s, int o) {
        return o / (replicaCount[s] * batchSizes[s].length);
    }

    int replicaOffsetOf(int s, int o) {
        return (o / batchSizes[s].length) % replicaCount[s];
    }

    int batchIndexOf(int s, int o) {
        return o % batchSizes[s].length;
    }

    StageConfiguration setting(int s, int o) {
        Variant v = pipeline.stages().get(s).variants().get(variantOf(s, o));
        return new StageConfiguration(v.name(), minReplicas[s] + replicaOffsetOf(s, o), batchSizes[s][batchIndexOf(s, o)]);
    }

    PipelineConfiguration configuration(int[] options) {
        List<StageConfiguration> list = new ArrayList<>(stages);
        for (int s = 0; s < stages; s++) {
            list.add(setting(s, options[s]));
        }
        return new PipelineConfiguration(list);
    }

    /** Sum of stage latencies in stage order: the one order every caller uses. */
    double latency(int[] options) {
        double sum = 0;
        for (int s = 0; s < stages; s++) {
            sum += latency[s][options[s]];
        }
        return sum;
    }

    boolean feasible(int[] options) {
        for (int s = 0; s < stages; s++) {
            if (!local[s][options[s]]) {
                return false;
            }
        }
        return latency(options) <= slaSeconds;
    }

    /** α·Π accuracy − Σ stage cost, in stage order. Infinite cost (missing profile) gives −∞. */
    double score(int[] options) {
        double acc = 1;
        double c = 0;
        for (int s = 0; s < stages; s++) {
            acc *= accuracy[s][options[s]];
            c += cost[s][options[s]];
        }
        return objective.accuracyWeight() * acc - c;
    }

    /**
     * The option indices of {@code configuration}, or empty if one of its settings is outside this space
     * (unknown variant, batch size without profile or outside bounds, replicas outside bounds).
     */
    Optional<int[]> encode(PipelineConfiguration configuration) {
        if (configuration.stages().size() != stages) {
            return Optional.empty();
        }
        int[] options = new int[stages];
        for (int s = 0; s < stages; s++) {
            StageConfiguration c = configuration.stage(s);
            Stage stage = pipeline.stages().get(s);
            int v = stage.variants().indexOf(stage.variant(c.variant()).orElse(null));
            int r = c.replicas() - minReplicas[s];
            int u = java.util.Arrays.binarySearch(batchSizes[s], c.batchSize());
            if (v < 0 || r < 0 || r >= replicaCount[s] || u < 0) {
                return Optional.empty();
            }
            options[s] = option(s, v, r, u);
            if (!valid[s][options[s]]) {
                return Optional.empty();
            }
        }
        return Optional.of(options);
    }

    /** The full assessment, with violation messages, of an encodable configuration. */
    ConfigurationAssessment assess(int[] options) {
        return pipeline.assess(configuration(options), demand, objective);
    }

}
