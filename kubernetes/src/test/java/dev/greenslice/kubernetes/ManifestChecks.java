package dev.greenslice.kubernetes;

import dev.greenslice.carbon.plan.PlannedGpu;
import dev.greenslice.carbon.plan.PlannedModel;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The properties every set of manifests must have, checked on what the files say after a round trip. */
final class ManifestChecks {

    static final YAMLMapper YAML = YAMLMapper.builder().build();

    private ManifestChecks() {
    }

    static <T> List<T> documents(String yaml, Class<T> type) {
        List<T> out = new ArrayList<>();
        try (MappingIterator<T> it = YAML.readerFor(type).readValues(yaml)) {
            while (it.hasNextValue()) {
                out.add(it.nextValue());
            }
        }
        return out;
    }

    static void check(ClusterManifests m) {
        ClusterPlan cp = m.plan();
        // Round trips through the model library.
        ConfigMap cm = YAML.readValue(m.migConfigsYaml(), ConfigMap.class);
        assertEquals(m.migConfigMap(), cm);
        assertEquals("ConfigMap", cm.getKind());
        List<Deployment> deployments = documents(m.workloadsYaml(), Deployment.class);
        assertEquals(m.deployments(), deployments);
        assertEquals(cp.plan().models().size(), deployments.size());
        List<DaemonSet> daemonSets = documents(m.clocksYaml(), DaemonSet.class);
        assertEquals(m.clockDaemonSets(), daemonSets);

        JsonNode spec = YAML.readTree(cm.getData().get("config.yaml"));
        assertEquals("v1", spec.get("version").stringValue());
        JsonNode configs = spec.get("mig-configs");
        Set<String> used = new HashSet<>();
        JsonNode labels = JsonMapper.builder().build().readTree(m.nodeLabelsJson());
        assertEquals(cp.nodes().size(), labels.size());
        Map<String, Map<String, Integer>> provided = new HashMap<>();
        Map<String, Integer> wholeProvided = new HashMap<>();
        Map<String, GpuNode> byHost = new HashMap<>();
        for (int k = 0; k < cp.nodes().size(); k++) {
            PlannedNode n = cp.nodes().get(k);
            byHost.put(n.node().hostname(), n.node());
            JsonNode label = labels.get(k);
            assertEquals(n.name(), label.get("node").stringValue());
            String config = label.get("labels").get(ClusterManifests.MIG_CONFIG_LABEL).stringValue();
            assertEquals(n.migConfig(), config);
            used.add(config);
            JsonNode entries = configs.get(config);
            assertTrue(entries != null && entries.isArray(), "config " + config + " missing");
            Set<Integer> devices = new HashSet<>();
            Map<String, Integer> profiles = new HashMap<>();
            int whole = 0;
            for (JsonNode e : entries) {
                int count = 0;
                for (JsonNode d : e.get("devices")) {
                    int i = d.intValue();
                    assertTrue(d.isInt() && i >= 0 && i < n.node().gpuCount(), "device " + d + " not on " + n.name());
                    assertTrue(devices.add(i), "device " + i + " twice in " + config);
                    count++;
                }
                if (e.get("mig-enabled").booleanValue()) {
                    for (Map.Entry<String, JsonNode> p : e.get("mig-devices").properties()) {
                        profiles.merge(p.getKey(), p.getValue().intValue() * count, Integer::sum);
                    }
                } else {
                    assertTrue(e.get("mig-enabled").isBoolean());
                    whole += count;
                }
            }
            provided.put(n.node().hostname(), profiles);
            wholeProvided.put(n.node().hostname(), whole);
        }
        Set<String> configNames = new HashSet<>();
        configs.propertyNames().forEach(configNames::add);
        assertEquals(used, configNames, "one configuration per distinct node layout, each used");

        Map<String, Map<String, Integer>> requested = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (Deployment d : deployments) {
            String name = d.getMetadata().getName();
            assertTrue(ObjectNames.isDnsLabel(name), name);
            assertTrue(names.add(name), "two Deployments named " + name);
            String modelName = d.getMetadata().getAnnotations().get("greenslice.dev/model-name");
            PlannedModel pm = cp.plan().model(modelName);
            PlannedGpu g = cp.plan().gpus().get(pm.gpuIndex());
            assertEquals(Integer.toString(g.clockMhz()), d.getMetadata().getAnnotations().get("greenslice.dev/sm-clock-mhz"));
            assertEquals(Integer.toString(pm.demand().batchSize()),
                    d.getMetadata().getAnnotations().get("greenslice.dev/batch-size"));
            String host = d.getSpec().getTemplate().getSpec().getNodeSelector().get(NodeInventory.HOSTNAME_LABEL);
            assertEquals(cp.nodeOf(pm).node().hostname(), host);
            Map<String, Quantity> limits = d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources()
                    .getLimits();
            assertEquals(1, limits.size());
            Map.Entry<String, Quantity> only = limits.entrySet().iterator().next();
            assertEquals(new Quantity("1"), only.getValue());
            String expected = pm.instance().map(i -> "nvidia.com/mig-" + i.profile().name()).orElse("nvidia.com/gpu");
            assertEquals(expected, only.getKey());
            requested.computeIfAbsent(host, h -> new HashMap<>()).merge(only.getKey(), 1, Integer::sum);
        }
        for (Map.Entry<String, Map<String, Integer>> r : requested.entrySet()) {
            for (Map.Entry<String, Integer> q : r.getValue().entrySet()) {
                int have = q.getKey().equals("nvidia.com/gpu") ? wholeProvided.get(r.getKey())
                        : provided.get(r.getKey()).getOrDefault(q.getKey().substring("nvidia.com/mig-".length()), 0);
                assertTrue(q.getValue() <= have, r.getKey() + " requests " + q.getValue() + " x " + q.getKey()
                        + " but its configuration provides " + have);
            }
        }
        // Every node used is held at its clocks by exactly one DaemonSet.
        Map<String, Integer> heldBy = new HashMap<>();
        for (DaemonSet ds : daemonSets) {
            List<String> hosts = ds.getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity()
                    .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0)
                    .getMatchExpressions().get(0).getValues();
            List<String> args = ds.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
            for (String h : hosts) {
                heldBy.merge(h, 1, Integer::sum);
                GpuNode node = byHost.get(h);
                PlannedNode pn = cp.nodes().stream().filter(x -> x.node().equals(node)).findFirst().orElseThrow();
                List<String> want = new ArrayList<>(List.of("clocks", "apply", "--hold", "--restore-abandoned"));
                for (int i = 0; i < pn.gpus().size(); i++) {
                    want.add("--sm-mhz");
                    want.add(i + "=" + pn.gpus().get(i).clockMhz());
                }
                assertEquals(want, args);
            }
        }
        for (PlannedNode n : cp.nodes()) {
            assertEquals(1, heldBy.getOrDefault(n.node().hostname(), 0), n.name());
        }
    }
}
