package dev.greenslice.samples.study;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.PlannedGpu;
import dev.greenslice.estimators.deployment.TenantEstimate;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code summary.json}: every computed figure of the study, camelCase with the unit in each name
 * ({@code totalCarbonGrams}, {@code energyJoules}, {@code clockMhz}).
 */
final class StudySummary {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private StudySummary() {
    }

    static ObjectNode of(StudyResults r, List<String> findings, List<StudyCharts.ChartFile> charts,
                         Optional<SelfMetering> self) {
        ObjectNode o = F.objectNode();
        o.put("study", "co-location study on the simulated " + r.gpu());
        o.put("gpu", r.gpu());
        o.put("dataProvenance", r.dataProvenance());
        o.put("dataReadme", r.dataReadme());
        o.set("findings", strings(findings));
        ArrayNode paper = o.putArray("paperComparison");
        for (PaperComparison.Row row : PaperComparison.rows(r)) {
            paper.addObject().put("figure", row.figure()).put("paper", row.paper()).put("study", row.study())
                    .put("conditions", row.conditions()).put("reason", row.reason());
        }
        o.set("grid", grid(r.grid()));
        ArrayNode intensities = o.putArray("intensities");
        for (EnergySource s : r.grid().sources()) {
            intensities.addObject().put("energySource", s.cliName())
                    .put("gramsPerKwh", s.factor().value().gramsPerKwh())
                    .put("lowGramsPerKwh", s.factor().low().gramsPerKwh())
                    .put("highGramsPerKwh", s.factor().high().gramsPerKwh())
                    .put("basis", s.factor().basis().name().toLowerCase(java.util.Locale.ROOT))
                    .put("source", s.factor().source());
        }
        ObjectNode e = o.putObject("embodied");
        e.put("gpu", r.footprint().device());
        e.put("footprintKilograms", r.footprint().carbon().value().toKilograms());
        e.put("footprintLowKilograms", r.footprint().carbon().low().toKilograms());
        e.put("footprintHighKilograms", r.footprint().carbon().high().toKilograms());
        e.put("model", r.footprint().model());
        e.put("parameterSet", r.footprint().parameterSet());
        e.put("boundary", r.footprint().boundary());
        e.put("lifetimeYears", r.lifetime().toHours() / 8760.0);
        e.put("gramsPerGpuHour", r.footprint().carbon().value().grams() / r.lifetime().toHours());
        e.put("accounting", "whole GPU for its whole run");
        o.set("assumptions", assumptions(r.assumptions()));
        r.planner().ifPresent(p -> o.put("planner", p));
        ArrayNode scenarios = o.putArray("scenarios");
        for (Scenario s : r.scenarios()) {
            scenarios.add(scenario(s));
        }
        ArrayNode curves = o.putArray("clockCurves");
        for (Scenario s : r.of(r.grid().modelSets().get(0))) {
            ObjectNode c = curves.addObject();
            c.put("modelSet", s.set().name()).put("load", s.load().id()).put("energySource", s.source().cliName());
            s.curve().best().ifPresentOrElse(b -> c.put("bestClockMhz", b.clockMhz()), () -> c.putNull("bestClockMhz"));
            ArrayNode pts = c.putArray("points");
            for (ClockCurve.Point p : s.curve().points()) {
                pts.addObject().put("clockMhz", p.clockMhz()).put("energyJoules", p.energy().joules())
                        .put("operationalCarbonGrams", p.operational().value().grams())
                        .put("embodiedCarbonGrams", p.embodied().value().grams())
                        .put("totalCarbonGrams", p.totalGrams()).put("meetsSlo", p.meetsSlo());
            }
        }
        ArrayNode power = o.putArray("powerEstimates");
        for (PowerComparison p : r.power()) {
            ObjectNode n = power.addObject();
            n.put("modelSet", p.set().name());
            ArrayNode pl = n.putArray("placements");
            p.placements().forEach(x -> pl.addObject().put("model", x.model()).put("batchSize", x.batchSize())
                    .put("migSlices", x.slices()));
            ArrayNode rows = n.putArray("clocks");
            for (PowerComparison.Row row : p.rows()) {
                rows.addObject().put("clockMhz", row.clockMhz()).put("naiveSumWatts", row.additiveWatts())
                        .put("studyDecompositionWatts", row.summedAuxiliaryWatts())
                        .put("estimateWatts", row.decomposedWatts()).put("naiveOverEstimate", row.naiveOverBest());
            }
        }
        o.set("meteredRun", metered(r.metered()));
        self.ifPresentOrElse(s -> o.set("selfMetering", self(s)), () -> o.putNull("selfMetering"));
        ArrayNode cs = o.putArray("charts");
        charts.forEach(c -> cs.addObject().put("file", c.file()).put("title", c.title()));
        o.put("computeSeconds", seconds(r.computeTime()));
        return o;
    }

    private static ObjectNode grid(StudyGrid g) {
        ObjectNode o = F.objectNode();
        ArrayNode sets = o.putArray("modelSets");
        for (ModelSet m : g.modelSets()) {
            ObjectNode n = sets.addObject().put("name", m.name()).put("kind", m.kind());
            ArrayNode ms = n.putArray("models");
            m.members().forEach(x -> ms.addObject().put("model", x.model()).put("batchSize", x.batchSize()));
        }
        ArrayNode loads = o.putArray("loads");
        g.loads().forEach(l -> loads.addObject().put("load", l.id()).put("label", l.label()).put("loadShare", l.loadShare()));
        o.set("energySources", strings(g.sources().stream().map(EnergySource::cliName).toList()));
        o.put("peakHours", g.peakHours());
        o.put("sloFactor", g.sloFactor());
        return o;
    }

    static ObjectNode scenario(Scenario s) {
        ObjectNode o = F.objectNode();
        o.put("modelSet", s.set().name());
        o.put("load", s.load().id());
        o.put("loadShare", s.load().loadShare());
        o.put("energySource", s.source().cliName());
        o.put("sharingSavingGrams", s.sharingSavingGrams());
        o.put("sharingSavingPercent", s.sharingSavingPercent());
        o.set("dedicated", configuration(s.dedicated()));
        o.set("shared", configuration(s.shared()));
        if (s.tuned().isPresent()) {
            Configuration t = s.tuned().get();
            o.put("tunedClockMhz", t.clocksMhz().get(0));
            o.put("tunedSavingVsSharedGrams", s.shared().totalGrams() - t.totalGrams());
            o.put("tunedSavingVsDedicatedGrams", s.dedicated().totalGrams() - t.totalGrams());
            o.set("tuned", configuration(t));
        } else {
            o.putNull("tunedClockMhz");
            o.putNull("tuned");
        }
        ArrayNode plans = o.putArray("plans");
        s.plans().forEach(p -> plans.add(plan(p)));
        return o;
    }

    static ObjectNode plan(PlanOutcome p) {
        ObjectNode o = F.objectNode();
        o.put("planner", p.planner());
        o.put("tunedClocks", p.tunedClocks());
        o.put("feasible", p.plan().isPresent());
        if (p.plan().isEmpty()) {
            o.put("reason", p.infeasible().orElseThrow());
            return o;
        }
        DeploymentPlan plan = p.plan().get();
        o.put("gpus", plan.gpuCount());
        o.put("layout", p.layout());
        o.put("gpuHours", plan.gpuHours());
        o.put("energyJoules", plan.energy().joules());
        carbon(o, "operationalCarbon", plan.operational());
        carbon(o, "embodiedCarbon", plan.embodied());
        carbon(o, "totalCarbon", plan.total());
        o.put("meetsSlos", plan.meetsSlos());
        ArrayNode gpus = o.putArray("perGpu");
        for (PlannedGpu g : plan.gpus()) {
            ObjectNode n = gpus.addObject().put("migEnabled", g.migEnabled()).put("layout", g.layout().toString())
                    .put("clockMhz", g.clockMhz()).put("makespanSeconds", seconds(g.makespan()))
                    .put("energyJoules", g.energy().joules())
                    .put("totalCarbonGrams", g.operational().plus(g.embodied()).value().grams());
            ArrayNode ms = n.putArray("models");
            g.models().forEach(m -> ms.addObject().put("model", m.name()).put("migSlices", m.computeSlices())
                    .put("meanLatencyMs", m.latency().meanLatencyMs()).put("sloMs", m.latency().sloMs()));
        }
        return o;
    }

    static ObjectNode configuration(Configuration c) {
        ObjectNode o = F.objectNode();
        o.put("name", c.name());
        o.put("gpus", c.gpus().size());
        o.put("gpuHours", c.gpuHours());
        o.put("makespanSeconds", seconds(c.makespan()));
        o.put("energyJoules", c.energy().joules());
        o.put("idleEnergyJoules", c.idleEnergy().joules());
        carbon(o, "operationalCarbon", c.operational());
        carbon(o, "embodiedCarbon", c.embodied());
        carbon(o, "totalCarbon", c.total());
        o.put("meetsSlos", c.meetsSlos());
        ArrayNode gpus = o.putArray("perGpu");
        for (Configuration.Gpu g : c.gpus()) {
            gpus.addObject().put("layout", g.layout()).put("clockMhz", g.clockMhz())
                    .put("makespanSeconds", seconds(g.estimate().makespan()))
                    .put("energyJoules", g.estimate().energy().joules())
                    .put("totalCarbonGrams", g.estimate().total().value().grams());
        }
        ArrayNode models = o.putArray("models");
        for (TenantEstimate t : c.tenants()) {
            var f = t.serving();
            models.addObject().put("model", t.tenant().demand().model())
                    .put("batchSize", t.tenant().placement().batchSize())
                    .put("migSlices", t.tenant().placement().slices())
                    .put("requests", t.tenant().demand().requests())
                    .put("meanLatencyMs", f.meanLatencyMs()).put("sloMs", f.sloMs()).put("meetsSlo", f.meetsSlo())
                    .put("utilization", f.utilization()).put("completionSeconds", seconds(f.completion()))
                    .put("energyJoules", t.energy().joules())
                    .put("operationalCarbonGrams", t.operational().value().grams())
                    .put("embodiedCarbonGrams", t.embodied().value().grams())
                    .put("totalCarbonGrams", t.total().value().grams());
        }
        return o;
    }

    private static void carbon(ObjectNode o, String prefix, CarbonFigure f) {
        o.put(prefix + "Grams", f.value().grams());
        o.put(prefix + "LowGrams", f.low().grams());
        o.put(prefix + "HighGrams", f.high().grams());
    }

    private static ObjectNode metered(MeteredRun m) {
        ObjectNode o = F.objectNode();
        CarbonReport r = m.metered();
        o.put("modelSet", m.set().name());
        o.put("layout", m.layout());
        o.put("clockMhz", m.clockMhz());
        o.put("energySource", m.source().cliName());
        o.put("load", LoadPoint.closedLoop().id());
        o.put("sensor", "GpuDeviceSensor over SimulatedGpu (energy counter), MockClock");
        o.put("durationSeconds", seconds(r.duration()));
        o.put("meteredEnergyJoules", r.totalEnergy().joules());
        o.put("predictedEnergyJoules", m.predicted().energy().joules());
        r.operational().ifPresent(c -> o.put("meteredOperationalCarbonGrams", c.value().grams()));
        r.embodiedTotal().ifPresent(c -> o.put("meteredEmbodiedCarbonGrams", c.value().grams()));
        r.total().ifPresent(c -> o.put("meteredTotalCarbonGrams", c.value().grams()));
        o.put("predictedOperationalCarbonGrams", m.predicted().operational().value().grams());
        o.put("predictedEmbodiedCarbonGrams", m.predicted().embodied().value().grams());
        o.put("predictedTotalCarbonGrams", m.predicted().total().value().grams());
        return o;
    }

    private static ObjectNode self(SelfMetering s) {
        ObjectNode o = F.objectNode();
        CarbonReport r = s.report();
        o.put("sensor", s.sensor());
        o.set("notes", strings(s.notes()));
        o.put("durationSeconds", seconds(r.duration()));
        o.put("energyJoules", r.totalEnergy().joules());
        o.put("complete", r.complete());
        r.intensity().ifPresent(i -> o.put("intensityGramsPerKwh", i.value().gramsPerKwh()).put("intensitySource", i.source()));
        r.operational().ifPresent(c -> o.put("operationalCarbonGrams", c.value().grams()));
        o.set("warnings", strings(r.warnings()));
        return o;
    }

    private static ArrayNode assumptions(List<Assumption> list) {
        ArrayNode a = F.arrayNode();
        list.forEach(x -> a.addObject().put("name", x.name()).put("value", x.value()).put("source", x.source()));
        return a;
    }

    private static ArrayNode strings(List<String> list) {
        ArrayNode a = F.arrayNode();
        list.forEach(a::add);
        return a;
    }

    static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }
}
