package dev.greenslice.kubernetes;

import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.plan.PlannedGpu;
import dev.greenslice.carbon.plan.PlannedModel;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Kubernetes objects that run a {@link ClusterPlan} under NVIDIA's GPU Operator, built with fabric8's
 * {@code kubernetes-model} and written as YAML by Jackson (so names from the workload and inventory files are always
 * escaped, never pasted into YAML text):
 *
 * <ul>
 *   <li>{@value #MIG_CONFIGS_FILE}: one {@code ConfigMap} (in the operator's namespace) whose
 *       {@code data["config.yaml"]} is a mig-parted v1 spec with one named configuration per distinct node layout;
 *       each entry's {@code devices} are indices on that node; {@code mig-enabled: true} with {@code mig-devices} the
 *       profile counts of those GPUs, or {@code mig-enabled: false} for GPUs given whole to one model. Point the
 *       ClusterPolicy's {@code migManager.config.name} at it.</li>
 *   <li>{@value #NODE_LABELS_FILE}: for each node used, {@code nvidia.com/mig.config} = its configuration.</li>
 *   <li>{@value #WORKLOADS_FILE}: one {@code Deployment} per model (namespace left to {@code kubectl apply -n}),
 *       requesting exactly its MIG instance under the device plugin's mixed strategy
 *       ({@code nvidia.com/mig-3g.40gb: 1}) or {@code nvidia.com/gpu: 1} for a whole GPU, pinned to its node by a
 *       {@code nodeSelector} on {@code kubernetes.io/hostname}, with the model's name, batch size and planned SM
 *       clock as annotations ({@code greenslice.dev/…}) and environment variables.</li>
 *   <li>{@value #CLOCKS_FILE}: the GPU Operator does not set SM clocks, so one privileged {@code DaemonSet} per
 *       distinct set of per-device clocks (in the operator's namespace, with node affinity to the nodes that use it)
 *       runs {@code greenslice clocks apply --hold --restore-abandoned}, which first restores what a killed pod left
 *       locked (its restore journal is on the node, under {@value #JOURNAL_HOST_PATH}), then locks each device's SM
 *       clock through NVML and resets it when the pod is stopped.</li>
 * </ul>
 *
 * <p><b>Scheduling caveat.</b> The device plugin gives a pod any free instance of the requested profile on its node,
 * not a particular GPU: the models of a node get the instances the node's configuration provides, but two models may
 * swap GPUs where a node's GPUs share a profile, and so run at the other GPU's clock.
 *
 * <p>Immutable and thread-safe. Building throws {@link IllegalArgumentException} for a setting out of range or a plan
 * that uses a media-extension ({@code +me}) profile, whose device-plugin resource name this export does not write.
 */
public final class ClusterManifests {

    /** File holding the MIG manager's ConfigMap. */
    public static final String MIG_CONFIGS_FILE = "mig-configs.yaml";
    /** File holding the node labels. */
    public static final String NODE_LABELS_FILE = "node-labels.json";
    /** File holding one Deployment per model. */
    public static final String WORKLOADS_FILE = "workloads.yaml";
    /** File holding the clock DaemonSets. */
    public static final String CLOCKS_FILE = "clocks.yaml";
    /** The node label the MIG manager reads. */
    public static final String MIG_CONFIG_LABEL = "nvidia.com/mig.config";
    /** Image used for the models when none is given: a reserved domain, so that it can never be pulled. */
    public static final String MODEL_IMAGE_PLACEHOLDER = "example.invalid/replace-me/model-server:latest";
    /** Image used for the clock DaemonSets when none is given. */
    public static final String CLOCKS_IMAGE_PLACEHOLDER = "example.invalid/replace-me/greenslice:latest";
    /** The GPU Operator's namespace in NVIDIA's install instructions. */
    public static final String DEFAULT_OPERATOR_NAMESPACE = "gpu-operator";
    /** The ConfigMap's name. */
    public static final String CONFIG_MAP_NAME = "greenslice-mig-parted-config";
    /** Annotation prefix of every planned figure. */
    public static final String ANNOTATION_PREFIX = "greenslice.dev/";
    /** Where the clock DaemonSet keeps NVML's restore journal on the node. */
    public static final String JOURNAL_HOST_PATH = "/var/lib/greenslice/nvml-journal";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .build();
    private static final YAMLMapper CONFIG_YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .build();
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final ClusterPlan plan;
    private final String image;
    private final String clocksImage;
    private final String operatorNamespace;
    private final Map<String, String> objectNames;
    private final String migPartedConfig;
    private final ConfigMap configMap;
    private final List<Deployment> deployments;
    private final List<DaemonSet> daemonSets;
    private final List<NodeLabel> nodeLabels;

    private ClusterManifests(Builder b) {
        this.plan = b.plan;
        this.image = b.image == null ? MODEL_IMAGE_PLACEHOLDER : b.image;
        this.clocksImage = b.clocksImage != null ? b.clocksImage : b.image != null ? b.image : CLOCKS_IMAGE_PLACEHOLDER;
        this.operatorNamespace = b.operatorNamespace;
        for (PlannedModel m : plan.plan().models()) {
            if (m.instance().isPresent() && m.instance().get().profile().name().contains("+")) {
                throw new IllegalArgumentException("Model " + m.name() + " is planned on " + m.where() + ", a"
                        + " media-extension profile; this export writes base profiles only");
            }
        }
        this.objectNames = ObjectNames.of(plan.plan().models().stream().map(PlannedModel::name).toList());
        this.migPartedConfig = buildMigPartedConfig();
        this.configMap = new ConfigMapBuilder()
                .withNewMetadata().withName(CONFIG_MAP_NAME).withNamespace(operatorNamespace)
                .addToLabels("app.kubernetes.io/managed-by", "greenslice").endMetadata()
                .addToData("config.yaml", migPartedConfig)
                .build();
        this.deployments = plan.plan().models().stream().map(this::deployment).toList();
        this.daemonSets = buildDaemonSets();
        this.nodeLabels = plan.nodes().stream()
                .map(n -> new NodeLabel(n.name(), Map.of(MIG_CONFIG_LABEL, n.migConfig()))).toList();
    }

    /**
     * Starts the manifests of a placed plan.
     *
     * @param plan the plan on nodes
     * @return a builder; images default to placeholders, the operator namespace to {@code gpu-operator}
     */
    public static Builder builder(ClusterPlan plan) {
        return new Builder(Objects.requireNonNull(plan, "plan"));
    }

    private String buildMigPartedConfig() {
        Map<String, Object> configs = new TreeMap<>();
        for (PlannedNode n : plan.nodes()) {
            List<Object> entries = new ArrayList<>();
            for (NodeLayout.Entry e : NodeLayout.entries(n.gpus())) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("devices", e.devices());
                entry.put("mig-enabled", e.migEnabled());
                if (e.migEnabled()) {
                    entry.put("mig-devices", e.migDevices());
                }
                entries.add(entry);
            }
            configs.putIfAbsent(n.migConfig(), entries);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("version", "v1");
        spec.put("mig-configs", configs);
        return CONFIG_YAML.writeValueAsString(spec);
    }

    private Deployment deployment(PlannedModel m) {
        PlannedNode node = plan.nodeOf(m);
        PlannedGpu gpu = plan.plan().gpus().get(m.gpuIndex());
        String name = objectNames.get(m.name());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(ANNOTATION_PREFIX + "model-name", m.name());
        annotations.put(ANNOTATION_PREFIX + "model", m.demand().model());
        annotations.put(ANNOTATION_PREFIX + "batch-size", Integer.toString(m.demand().batchSize()));
        annotations.put(ANNOTATION_PREFIX + "sm-clock-mhz", Integer.toString(gpu.clockMhz()));
        annotations.put(ANNOTATION_PREFIX + "mig-instance", m.where());
        annotations.put(ANNOTATION_PREFIX + "node", node.name());
        annotations.put(ANNOTATION_PREFIX + "device-index", Integer.toString(node.deviceIndex(gpu)));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", name);
        labels.put("app.kubernetes.io/managed-by", "greenslice");
        String resource = m.instance().map(ClusterManifests::resourceName).orElse("nvidia.com/gpu");
        List<EnvVar> env = List.of(new EnvVar("GREENSLICE_MODEL_NAME", m.name(), null),
                new EnvVar("GREENSLICE_MODEL", m.demand().model(), null),
                new EnvVar("GREENSLICE_BATCH_SIZE", Integer.toString(m.demand().batchSize()), null),
                new EnvVar("GREENSLICE_SM_CLOCK_MHZ", Integer.toString(gpu.clockMhz()), null));
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector().addToMatchLabels("app.kubernetes.io/name", name).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec()
                .addToNodeSelector(NodeInventory.HOSTNAME_LABEL, node.node().hostname())
                .withTolerations(gpuToleration())
                .addNewContainer()
                .withName("model")
                .withImage(image)
                .withEnv(env)
                .withNewResources().addToLimits(resource, new Quantity("1")).endResources()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** The mixed strategy's resource name of an instance: {@code nvidia.com/mig-} and the profile name. */
    static String resourceName(MigInstance i) {
        return "nvidia.com/mig-" + i.profile().name();
    }

    private static Toleration gpuToleration() {
        // GPU nodes are often tainted nvidia.com/gpu:NoSchedule so that only GPU pods land there.
        return new TolerationBuilder().withKey("nvidia.com/gpu").withOperator("Exists").withEffect("NoSchedule")
                .build();
    }

    private List<DaemonSet> buildDaemonSets() {
        // Nodes with the same clock per device share one DaemonSet.
        Map<List<Integer>, List<PlannedNode>> byClocks = new LinkedHashMap<>();
        for (PlannedNode n : plan.nodes()) {
            byClocks.computeIfAbsent(n.gpus().stream().map(PlannedGpu::clockMhz).toList(), k -> new ArrayList<>())
                    .add(n);
        }
        List<DaemonSet> out = new ArrayList<>();
        for (Map.Entry<List<Integer>, List<PlannedNode>> e : byClocks.entrySet()) {
            List<Integer> clocks = e.getKey();
            String name = "greenslice-sm-clocks-" + ObjectNames.sha256(clocks.toString()).substring(0, 10);
            List<String> args = new ArrayList<>(List.of("clocks", "apply", "--hold", "--restore-abandoned"));
            for (int d = 0; d < clocks.size(); d++) {
                args.add("--sm-mhz");
                args.add(d + "=" + clocks.get(d));
            }
            List<String> hosts = e.getValue().stream().map(n -> n.node().hostname()).distinct().sorted().toList();
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("app.kubernetes.io/name", name);
            labels.put("app.kubernetes.io/managed-by", "greenslice");
            out.add(new DaemonSetBuilder()
                    .withNewMetadata().withName(name).withNamespace(operatorNamespace).withLabels(labels)
                    .addToAnnotations(ANNOTATION_PREFIX + "sm-clocks-mhz", clocks.toString())
                    .endMetadata()
                    .withNewSpec()
                    .withNewSelector().addToMatchLabels("app.kubernetes.io/name", name).endSelector()
                    .withNewTemplate()
                    .withNewMetadata().withLabels(labels).endMetadata()
                    .withNewSpec()
                    .withRuntimeClassName("nvidia")
                    .withTolerations(gpuToleration())
                    .withTerminationGracePeriodSeconds(30L)
                    .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .addNewNodeSelectorTerm()
                    .withMatchExpressions(new NodeSelectorRequirementBuilder().withKey(NodeInventory.HOSTNAME_LABEL)
                            .withOperator("In").withValues(hosts).build())
                    .endNodeSelectorTerm()
                    .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                    .addNewContainer()
                    .withName("sm-clocks")
                    .withImage(clocksImage)
                    .withArgs(args)
                    // Every GPU of the node, for NVML only (utility), without taking any from the device plugin.
                    .addNewEnv().withName("NVIDIA_VISIBLE_DEVICES").withValue("all").endEnv()
                    .addNewEnv().withName("NVIDIA_DRIVER_CAPABILITIES").withValue("utility").endEnv()
                    // The restore journal outlives a killed pod, so the next one restores what it left locked.
                    .addNewEnv().withName("JAVA_TOOL_OPTIONS")
                    .withValue("-Dgreenslice.nvml.journal=" + JOURNAL_HOST_PATH).endEnv()
                    .withNewSecurityContext().withPrivileged(true).endSecurityContext()
                    .addNewVolumeMount().withName("nvml-journal").withMountPath(JOURNAL_HOST_PATH).endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("nvml-journal").withNewHostPath().withPath(JOURNAL_HOST_PATH)
                    .withType("DirectoryOrCreate").endHostPath().endVolume()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build());
        }
        return out;
    }

    /** @return the plan on nodes */
    public ClusterPlan plan() {
        return plan;
    }

    /** @return the mig-parted v1 spec, the ConfigMap's {@code config.yaml} */
    public String migPartedConfig() {
        return migPartedConfig;
    }

    /** @return the MIG manager's ConfigMap (a copy: the model's objects are mutable) */
    public ConfigMap migConfigMap() {
        return new ConfigMapBuilder(configMap).build();
    }

    /** @return one Deployment per model, in plan order (copies) */
    public List<Deployment> deployments() {
        return deployments.stream().map(d -> new DeploymentBuilder(d).build()).toList();
    }

    /** @return the clock DaemonSets (copies) */
    public List<DaemonSet> clockDaemonSets() {
        return daemonSets.stream().map(d -> new DaemonSetBuilder(d).build()).toList();
    }

    /** @return the labels to set, one entry per node used */
    public List<NodeLabel> nodeLabels() {
        return nodeLabels;
    }

    /** @return each model's object name (a DNS-1123 label), by the model's name */
    public Map<String, String> objectNames() {
        return Map.copyOf(objectNames);
    }

    /** @return {@value #MIG_CONFIGS_FILE}'s text */
    public String migConfigsYaml() {
        return YAML.writeValueAsString(configMap);
    }

    /** @return {@value #WORKLOADS_FILE}'s text: the Deployments as a multi-document YAML stream */
    public String workloadsYaml() {
        return documents(deployments);
    }

    /** @return {@value #CLOCKS_FILE}'s text: the DaemonSets as a multi-document YAML stream */
    public String clocksYaml() {
        return documents(daemonSets);
    }

    /** @return {@value #NODE_LABELS_FILE}'s text: {@code [{"node": NAME, "labels": {...}}]} */
    public String nodeLabelsJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (NodeLabel l : nodeLabels) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("node", l.node());
            o.put("labels", new TreeMap<>(l.labels()));
            out.add(o);
        }
        return JSON.writeValueAsString(out) + "\n";
    }

    /** @return every file by name, UTF-8 */
    public SortedMap<String, byte[]> files() {
        SortedMap<String, byte[]> out = new TreeMap<>();
        out.put(MIG_CONFIGS_FILE, migConfigsYaml().getBytes(StandardCharsets.UTF_8));
        out.put(NODE_LABELS_FILE, nodeLabelsJson().getBytes(StandardCharsets.UTF_8));
        out.put(WORKLOADS_FILE, workloadsYaml().getBytes(StandardCharsets.UTF_8));
        out.put(CLOCKS_FILE, clocksYaml().getBytes(StandardCharsets.UTF_8));
        return out;
    }

    private static String documents(List<?> objects) {
        StringBuilder b = new StringBuilder();
        for (Object o : objects) {
            b.append(YAML.writeValueAsString(o));
        }
        return b.toString();
    }

    /** The manifests' settings. Not thread-safe; build once. */
    public static final class Builder {
        private final ClusterPlan plan;
        private String image;
        private String clocksImage;
        private String operatorNamespace = DEFAULT_OPERATOR_NAMESPACE;

        private Builder(ClusterPlan plan) {
            this.plan = plan;
        }

        /**
         * The models' container image.
         *
         * @param image an image reference; default {@value #MODEL_IMAGE_PLACEHOLDER}
         * @return this builder
         * @throws IllegalArgumentException for a blank reference or one with whitespace or control characters
         */
        public Builder image(String image) {
            this.image = image(image, "model image");
            return this;
        }

        /**
         * The image the clock DaemonSets run: one whose entry point runs the greenslice command line (and
         * {@code exec}s Java, so that the stop signal reaches it).
         *
         * @param image an image reference; default the model image if set, else {@value #CLOCKS_IMAGE_PLACEHOLDER}
         * @return this builder
         * @throws IllegalArgumentException for a blank reference or one with whitespace or control characters
         */
        public Builder clocksImage(String image) {
            this.clocksImage = image(image, "clocks image");
            return this;
        }

        /**
         * The GPU Operator's namespace, where the ConfigMap and the clock DaemonSets go.
         *
         * @param namespace a DNS-1123 label; default {@value #DEFAULT_OPERATOR_NAMESPACE}
         * @return this builder
         * @throws IllegalArgumentException for a name that is not a DNS-1123 label
         */
        public Builder operatorNamespace(String namespace) {
            if (namespace == null || namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
                throw new IllegalArgumentException("Operator namespace " + NodeInventory.quote(String.valueOf(namespace))
                        + " is not a DNS-1123 label (lower-case letters, digits and '-', at most 63)");
            }
            this.operatorNamespace = namespace;
            return this;
        }

        private static String image(String image, String what) {
            if (image == null || image.isBlank() || image.length() > 1024
                    || image.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("The " + what + " " + NodeInventory.quote(String.valueOf(image))
                        + " is not an image reference (non-blank, at most 1024 characters, no spaces or control"
                        + " characters), e.g. registry.example.com/team/server:1.0");
            }
            return image;
        }

        /**
         * Builds the objects.
         *
         * @return the manifests
         * @throws IllegalArgumentException for a plan with a media-extension profile
         */
        public ClusterManifests build() {
            return new ClusterManifests(this);
        }
    }
}
