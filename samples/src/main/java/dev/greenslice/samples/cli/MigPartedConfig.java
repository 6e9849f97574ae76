package dev.greenslice.samples.cli;

import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.PlannedGpu;
import dev.greenslice.carbon.plan.PlannedModel;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@link DeploymentPlan} as an {@code nvidia-mig-parted} v1 configuration, the file a Kubernetes GPU operator (or
 * {@code nvidia-mig-parted apply}) applies: {@code version: v1}; {@code mig-configs}: one named configuration holding
 * one entry per GPU with {@code devices: [i]}, {@code mig-enabled} and {@code mig-devices} counts by profile name
 * ({@code {}} where MIG is disabled). mig-parted takes counts only and rejects fields it does not know, so the
 * placements and the model on each instance, which the plan's figures assume, are written as comments at the top.
 *
 * <p>This file may be applied as root, so a name from a workload file must not be able to add a configuration:
 * the YAML is emitted by SnakeYAML from a tree of maps and lists, and every name that reaches the file (the
 * configuration, each model, each profile, the GPU) must be plain — letters, digits, {@code .}, {@code _} and
 * {@code -} ({@code +} too in a MIG profile such as {@code 1g.10gb+me}) — so comments cannot break out of their
 * line either. It lives in the command line and not in the estimators library, so that serving stacks embedding the
 * library do not get a YAML parser on their class path. Stateless and thread-safe.
 */
final class MigPartedConfig {

    /** The names allowed in the file: what every measured model's name already is. */
    static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9._+-]+");

    private MigPartedConfig() {
    }

    /**
     * The configuration as a tree of maps and lists, exactly what the YAML text parses to.
     *
     * @param plan       the plan
     * @param configName the configuration's name under {@code mig-configs}
     * @return {@code {version: v1, mig-configs: {NAME: [ {devices: [i], mig-enabled: b, mig-devices: {profile: n}} ]}}}
     * @throws IllegalArgumentException naming the first name that is not plain
     */
    static Map<String, Object> tree(DeploymentPlan plan, String configName) {
        Objects.requireNonNull(plan, "plan");
        plain("mig-parted configuration name", configName, PLAIN);
        List<Object> devices = new ArrayList<>();
        for (PlannedGpu g : plan.gpus()) {
            for (PlannedModel m : g.models()) {
                plain("model name", m.name(), PLAIN);
                plain("model", m.demand().model(), PLAIN);
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("devices", List.of(g.index()));
            d.put("mig-enabled", g.migEnabled());
            Map<String, Object> counts = new LinkedHashMap<>();
            if (g.migEnabled()) {
                for (MigInstance i : g.layout().instances()) {
                    counts.merge(plain("MIG profile", i.profile().name(), PROFILE), 1, (a, b) -> (Integer) a + (Integer) b);
                }
            }
            d.put("mig-devices", counts);
            devices.add(d);
        }
        Map<String, Object> configs = new LinkedHashMap<>();
        configs.put(configName, devices);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", "v1");
        root.put("mig-configs", configs);
        return root;
    }

    /**
     * The configuration as YAML, with the placements and models in comments at the top.
     *
     * @param plan       the plan
     * @param configName the configuration's name under {@code mig-configs} (select it with
     *                   {@code nvidia-mig-parted apply -c NAME})
     * @return the YAML text
     * @throws IllegalArgumentException naming the first name that is not plain
     */
    static String write(DeploymentPlan plan, String configName) {
        Map<String, Object> tree = tree(plan, configName);
        plain("GPU", plan.gpu().id(), PLAIN);
        plain("planner", plan.planner(), PLAIN);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "# nvidia-mig-parted configuration written by GreenSlice from the %s plan:"
                        + " %d x %s, %.3f gCO2e predicted (operational %.3f, embodied %.3f).%n", plan.planner(),
                plan.gpuCount(), plan.gpu().id(), plan.total().value().grams(), plan.operational().value().grams(),
                plan.embodied().value().grams()));
        b.append("# mig-parted applies profile counts; the placements and models the plan assumes follow\n");
        b.append("# (apply them exactly with GreenSlice's PlanApplier).\n");
        for (PlannedGpu g : plan.gpus()) {
            b.append("# GPU ").append(g.index()).append(": ");
            if (!g.migEnabled()) {
                b.append("whole GPU ").append(g.models().get(0).name());
            } else {
                List<PlannedModel> models = g.models();
                for (int k = 0; k < models.size(); k++) {
                    MigInstance i = models.get(k).instance().orElseThrow();
                    b.append(k == 0 ? "" : ", ").append(i.profile().name()).append('@').append(i.placement().start())
                            .append(' ').append(models.get(k).name());
                }
            }
            b.append("; SM clock ").append(g.clockMhz()).append(" MHz\n");
        }
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setIndicatorIndent(2);
        o.setIndentWithIndicator(true);
        o.setLineBreak(DumperOptions.LineBreak.UNIX);
        b.append(new Yaml(o).dump(tree));
        return b.toString();
    }

    private static String plain(String what, String name, Pattern allowed) {
        if (name == null || !allowed.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " " + shown(name) + " is not plain: a mig-parted configuration"
                    + " takes names of letters, digits, '.', '_' and '-' only; rename it");
        }
        return name;
    }

    /** The name quoted on one line, control characters escaped, at most 60 characters. */
    static String shown(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < s.length() && b.length() < 60; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                        || c == '\u2028' || c == '\u2029' ? String.format(Locale.ROOT, "\\u%04x", (int) c) : c);
            }
        }
        return b.append(b.length() >= 60 ? "…'" : "'").toString();
    }
}
