package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.PlannedGpu;
import dev.greenslice.carbon.plan.PlannedModel;
import dev.greenslice.carbon.plan.SharingTradeoff;

import java.util.Locale;
import java.util.Objects;

/**
 * Writes a {@link DeploymentPlan} out as JSON. (The {@code nvidia-mig-parted} YAML is written by the command line,
 * {@code greenslice plan --format mig-parted}, with a YAML library: this module takes no YAML dependency.)
 *
 * <p><b>JSON.</b> camelCase with the unit in the name: {@code totalCarbonGrams}, {@code operationalCarbonGrams},
 * {@code embodiedCarbonGrams} (each with {@code …LowGrams}/{@code …HighGrams}), {@code energyJoules},
 * {@code gpuHours}; per GPU {@code clockMhz}, {@code migEnabled} and {@code layout}, a list of
 * {@code {profile, start, size, model}} (a GPU with MIG disabled lists one entry, profile {@code "whole GPU"},
 * spanning all memory slots); per model its latency against the SLO, completion, energy and carbon; and the
 * sharing tradeoff against one GPU per model.
 *
 * <p>Stateless and thread-safe.
 */
public final class PlanExport {

    private PlanExport() {
    }

    /**
     * The plan as JSON (see the class description for the fields).
     *
     * @param plan the plan
     * @return the JSON text
     */
    public static String json(DeploymentPlan plan) {
        Objects.requireNonNull(plan, "plan");
        Json j = new Json();
        j.open('{');
        j.field("planner").string(plan.planner());
        j.field("gpu").string(plan.gpu().id());
        j.field("gpuCount").number(plan.gpuCount());
        carbon(j, "totalCarbon", plan.total());
        carbon(j, "operationalCarbon", plan.operational());
        carbon(j, "embodiedCarbon", plan.embodied());
        j.field("energyJoules").number(plan.energy().joules());
        j.field("gpuHours").number(plan.gpuHours());
        j.field("meetsSlos").bool(plan.meetsSlos());
        j.field("gpus").open('[');
        for (PlannedGpu g : plan.gpus()) {
            j.open('{');
            j.field("index").number(g.index());
            j.field("migEnabled").bool(g.migEnabled());
            j.field("clockMhz").number(g.clockMhz());
            j.field("clockChoice").string(g.clockChoice());
            j.field("layout").open('[');
            for (PlannedModel m : g.models()) {
                j.open('{');
                if (m.instance().isPresent()) {
                    MigInstance i = m.instance().get();
                    j.field("profile").string(i.profile().name());
                    j.field("start").number(i.placement().start());
                    j.field("size").number(i.placement().size());
                } else {
                    j.field("profile").string("whole GPU");
                    j.field("start").number(0);
                    j.field("size").number(g.layout().geometry().memorySlots());
                }
                j.field("model").string(m.name());
                j.close('}');
            }
            j.close(']');
            j.field("makespanSeconds").number(g.makespan().toNanos() / 1e9);
            j.field("energyJoules").number(g.energy().joules());
            j.field("idleEnergyJoules").number(g.idleEnergy().joules());
            carbon(j, "operationalCarbon", g.operational());
            carbon(j, "embodiedCarbon", g.embodied());
            j.field("totalCarbonGrams").number(g.total().value().grams());
            j.field("gpuHours").number(g.gpuHours());
            g.sharing().ifPresent(s -> sharing(j, s));
            j.close('}');
        }
        j.close(']');
        j.field("models").open('[');
        for (PlannedModel m : plan.models()) {
            j.open('{');
            j.field("name").string(m.name());
            j.field("model").string(m.demand().model());
            j.field("batchSize").number(m.demand().batchSize());
            j.field("requests").number(m.demand().requests());
            j.field("arrival").string(m.demand().arrival().toString());
            j.field("gpu").number(m.gpuIndex());
            j.field("instance").string(m.where());
            j.field("computeSlices").number(m.computeSlices());
            j.field("memoryGb").number(m.memoryGb());
            j.field("meanLatencyMs").number(m.latency().meanLatencyMs());
            j.field("sloMs").number(m.latency().sloMs());
            j.field("meetsSlo").bool(m.latency().met());
            j.field("completionSeconds").number(m.completion().toNanos() / 1e9);
            j.field("energyJoules").number(m.energy().joules());
            j.field("operationalCarbonGrams").number(m.operational().value().grams());
            j.field("embodiedCarbonGrams").number(m.embodied().value().grams());
            j.field("totalCarbonGrams").number(m.total().value().grams());
            j.field("gpuHours").number(m.gpuHours());
            j.close('}');
        }
        j.close(']');
        plan.sharing().ifPresent(s -> sharing(j, s));
        j.field("assumptions").open('[');
        for (Assumption a : plan.assumptions()) {
            j.open('{');
            j.field("name").string(a.name());
            j.field("value").string(a.value());
            j.field("source").string(a.source());
            j.close('}');
        }
        j.close(']');
        j.close('}');
        return j.toString();
    }

    private static void sharing(Json j, SharingTradeoff s) {
        j.field("sharing").open('{');
        j.field("dedicatedOperationalCarbonGrams").number(s.dedicatedOperational().value().grams());
        j.field("dedicatedEmbodiedCarbonGrams").number(s.dedicatedEmbodied().value().grams());
        j.field("dedicatedGpuHours").number(s.dedicatedGpuHours());
        j.field("embodiedSavedGrams").number(s.embodiedSavedGrams());
        j.field("operationalCostGrams").number(s.operationalCostGrams());
        j.field("netSavedGrams").number(s.netSavedGrams());
        j.field("explanation").string(s.explanation());
        j.close('}');
    }

    private static void carbon(Json j, String name, CarbonFigure f) {
        j.field(name + "Grams").number(f.value().grams());
        j.field(name + "LowGrams").number(f.low().grams());
        j.field(name + "HighGrams").number(f.high().grams());
    }

    private static String grams(CarbonFigure f) {
        return String.format(Locale.ROOT, "%.3f", f.value().grams());
    }

    /** A small JSON writer: the estimators module takes no JSON library. */
    private static final class Json {
        private final StringBuilder b = new StringBuilder();
        private int depth;
        private boolean first = true;
        private boolean afterField;

        /* Starts a value: after a field name it follows directly; in an array it is a new element. */
        private void value() {
            if (afterField) {
                afterField = false;
            } else if (depth > 0) {
                b.append(first ? "" : ",").append('\n').append("  ".repeat(depth));
            }
            first = false;
        }

        Json open(char c) {
            value();
            b.append(c);
            depth++;
            first = true;
            return this;
        }

        Json close(char c) {
            depth--;
            if (!first) {
                b.append('\n').append("  ".repeat(depth));
            }
            b.append(c);
            first = false;
            return this;
        }

        Json field(String name) {
            b.append(first ? "" : ",").append('\n').append("  ".repeat(depth));
            first = false;
            b.append('"').append(name).append("\": ");
            afterField = true;
            return this;
        }

        Json string(String s) {
            value();
            b.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
            return this;
        }

        Json number(double v) {
            value();
            if (!Double.isFinite(v)) {
                b.append("null");
            } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                b.append((long) v);
            } else {
                b.append(v);
            }
            return this;
        }

        Json bool(boolean v) {
            value();
            b.append(v);
            return this;
        }

        @Override
        public String toString() {
            return b.toString();
        }
    }
}
