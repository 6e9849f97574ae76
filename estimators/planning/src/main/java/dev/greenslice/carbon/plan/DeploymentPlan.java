package dev.greenslice.carbon.plan;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.gpu.GpuModel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A plan for serving a set of model demands on GPUs of one type: the GPUs, each with a valid MIG layout and
 * the model on each instance (or one model on a whole GPU) and its SM clock; per model and in total the
 * predicted latency against the SLO, completion time, energy, operational and embodied carbon and GPU-hours;
 * and why — what sharing saved in embodied carbon and cost in operational carbon against the dedicated
 * alternative.
 *
 * <p>Totals are sums over the GPUs, so they always agree with them. Carbon figures carry the low/high range
 * of the intensity and embodied inputs. Export to {@code nvidia-mig-parted} and JSON, and applying a plan to
 * devices, live in the estimators module ({@code PlanExport}, {@code PlanApplier}).
 *
 * <p>Immutable and thread-safe. The constructor rejects GPUs out of order and a demand planned twice, with an
 * {@link IllegalArgumentException} naming it.
 *
 * @param planner     the planner that made it, e.g. {@code "carbon"}
 * @param gpu         the GPU type
 * @param gpus        the GPUs, indexed 0..n-1
 * @param sharing     the plan against one whole GPU per model, if that alternative is feasible
 * @param assumptions the models of power, latency and carbon behind the figures, and how the plan was found
 */
public record DeploymentPlan(String planner, GpuModel gpu, List<PlannedGpu> gpus, Optional<SharingTradeoff> sharing,
                             List<Assumption> assumptions) {

    /**
     * Checks the components.
     *
     * @param planner the planner that made it, e.g. {@code "carbon"}
     * @param gpu the GPU type
     * @param gpus the GPUs, indexed 0..n-1
     * @param sharing the plan against one whole GPU per model, if that alternative is feasible
     * @param assumptions the models of power, latency and carbon behind the figures, and how the plan was found
     * @throws IllegalArgumentException for a component outside its range (see above), naming it
     */
    public DeploymentPlan {
        Objects.requireNonNull(planner, "planner");
        Objects.requireNonNull(gpu, "gpu");
        gpus = List.copyOf(gpus);
        Objects.requireNonNull(sharing, "sharing");
        assumptions = List.copyOf(assumptions);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < gpus.size(); i++) {
            if (gpus.get(i).index() != i) {
                throw new IllegalArgumentException("GPU at position " + i + " of the plan has index "
                        + gpus.get(i).index());
            }
            for (PlannedModel m : gpus.get(i).models()) {
                if (!names.add(m.name())) {
                    throw new IllegalArgumentException("Demand " + m.name() + " is planned twice");
                }
            }
        }
    }

    /** @return the number of GPUs used */
    public int gpuCount() {
        return gpus.size();
    }

    /** @return every planned model, GPU by GPU */
    public List<PlannedModel> models() {
        List<PlannedModel> list = new ArrayList<>();
        gpus.forEach(g -> list.addAll(g.models()));
        return list;
    }

    /**
     * @return the planned model of demand {@code name}
     * @throws IllegalArgumentException naming the demand if the plan does not hold it
     * @param name the demand's name
     */
    public PlannedModel model(String name) {
        for (PlannedGpu g : gpus) {
            for (PlannedModel m : g.models()) {
                if (m.name().equals(name)) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("The plan holds no demand named '" + name + "'");
    }

    /** @return total energy of all GPUs, idle baselines included */
    public Energy energy() {
        Energy e = Energy.ZERO;
        for (PlannedGpu g : gpus) {
            e = e.plus(g.energy());
        }
        return e;
    }

    /** @return total operational carbon */
    public CarbonFigure operational() {
        CarbonFigure c = CarbonFigure.ZERO;
        for (PlannedGpu g : gpus) {
            c = c.plus(g.operational());
        }
        return c;
    }

    /** @return total embodied carbon */
    public CarbonFigure embodied() {
        CarbonFigure c = CarbonFigure.ZERO;
        for (PlannedGpu g : gpus) {
            c = c.plus(g.embodied());
        }
        return c;
    }

    /** @return operational + embodied carbon */
    public CarbonFigure total() {
        return operational().plus(embodied());
    }

    /** @return GPU-hours held: the sum of the GPUs' makespans, in hours */
    public double gpuHours() {
        double h = 0;
        for (PlannedGpu g : gpus) {
            h += g.gpuHours();
        }
        return h;
    }

    /** @return whether every model meets its SLO */
    public boolean meetsSlos() {
        return gpus.stream().allMatch(PlannedGpu::meetsSlos);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(planner + " plan on " + gpus.size() + " x " + gpu.id() + ": " + total()
                + " (operational " + operational() + ", embodied " + embodied() + ")");
        for (PlannedGpu g : gpus) {
            b.append("\n  ").append(g);
        }
        sharing.ifPresent(s -> b.append("\n  ").append(s.explanation()));
        return b.toString();
    }
}
