package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.sensor.ReadingKind;

import java.util.List;
import java.util.Optional;

/** Writes a {@link CarbonReport} or {@link MeterTotals} as JSON without a JSON library (carbon-api depends on SLF4J only). */
final class ReportJson {

    private final StringBuilder b = new StringBuilder();
    private boolean first = true;

    private ReportJson() {
    }

    static String write(CarbonReport r) {
        ReportJson j = new ReportJson();
        j.open('{');
        j.str("label", r.label());
        j.str("start", r.start().toString());
        j.str("end", r.end().toString());
        j.num("durationSeconds", r.duration().toNanos() / 1e9);
        j.str("sampling", r.sampling());
        j.str("attribution", r.attribution().name());
        j.num("energyJoules", r.totalEnergy().joules());
        j.bool("complete", r.complete());
        j.key("domains");
        j.open('[');
        for (DomainEnergy d : r.domains()) {
            j.element();
            j.open('{');
            domainHead(j, d.domain(), d.parent(), d.kind(), d.sensor());
            j.bool("available", d.isAvailable());
            if (d.isAvailable()) {
                j.num("energyJoules", d.energy().get().joules());
                j.bool("partial", d.isPartial());
                if (d.isPartial()) {
                    j.str("partialReason", d.partialReason().get());
                }
            } else {
                j.str("unavailableReason", d.unavailableReason().get());
            }
            j.strings("notes", d.notes());
            j.close('}');
        }
        j.close(']');
        if (r.intensity().isPresent()) {
            IntensityFactor f = r.intensity().get();
            j.key("intensity");
            j.open('{');
            j.num("gramsPerKwh", f.value().gramsPerKwh());
            j.num("lowGramsPerKwh", f.low().gramsPerKwh());
            j.num("highGramsPerKwh", f.high().gramsPerKwh());
            j.str("basis", f.basis().name().toLowerCase(java.util.Locale.ROOT));
            j.str("source", f.source());
            if (f.year() > 0) {
                j.num("year", f.year());
            }
            j.close('}');
        }
        j.figure("operationalCarbon", r.operational());
        j.figure("embodiedCarbon", r.embodiedTotal());
        j.figure("totalCarbon", r.total());
        j.key("embodied");
        j.open('[');
        for (EmbodiedShare e : r.embodied()) {
            j.element();
            j.open('{');
            j.str("device", e.device());
            j.str("model", e.footprint().model());
            j.str("parameterSet", e.footprint().parameterSet());
            j.str("boundary", e.footprint().boundary());
            j.num("footprintKilograms", e.footprint().carbon().value().toKilograms());
            j.num("lifetimeYears", e.lifetime().toDays() / 365.0);
            j.num("timeSeconds", e.time().toNanos() / 1e9);
            j.num("share", e.share());
            j.num("carbonGrams", e.carbon().value().grams());
            j.num("lowGrams", e.carbon().low().grams());
            j.num("highGrams", e.carbon().high().grams());
            j.close('}');
        }
        j.close(']');
        j.key("functionalUnits");
        j.open('[');
        for (FunctionalUnitReport f : r.functionalUnits()) {
            j.element();
            j.open('{');
            j.str("unit", f.unit());
            j.num("units", f.units());
            j.num("energyJoulesPerUnit", f.energyPerUnit().joules());
            if (r.total().isPresent()) {
                j.num("operationalCarbonGramsPerUnit", f.operationalPerUnit().value().grams());
                j.num("embodiedCarbonGramsPerUnit", f.embodiedPerUnit().value().grams());
                j.num("carbonGramsPerUnit", f.carbonPerUnit().value().grams());
            }
            j.close('}');
        }
        j.close(']');
        j.key("assumptions");
        j.open('[');
        for (Assumption a : r.assumptions()) {
            j.element();
            j.open('{');
            j.str("name", a.name());
            j.str("value", a.value());
            j.str("source", a.source());
            j.close('}');
        }
        j.close(']');
        j.strings("warnings", r.warnings());
        j.close('}');
        return j.b.toString();
    }

    static String write(MeterTotals t) {
        ReportJson j = new ReportJson();
        j.open('{');
        j.str("at", t.at().toString());
        j.num("elapsedSeconds", t.elapsed().toNanos() / 1e9);
        j.num("totalEnergyJoules", t.totalEnergy().joules());
        if (t.unattributedEnergy().isPresent()) {
            j.num("unattributedEnergyJoules", t.unattributedEnergy().get().joules());
        }
        j.key("domains");
        j.open('[');
        for (DomainTotal d : t.domains()) {
            j.element();
            j.open('{');
            domainHead(j, d.domain(), d.parent(), d.kind(), d.sensor());
            j.num("energyJoules", d.energy().joules());
            j.num("measuredSeconds", d.measured().toNanos() / 1e9);
            if (d.power().isPresent()) {
                j.num("powerWatts", d.power().get().toWatts());
            }
            if (d.unattributed().isPresent()) {
                j.num("unattributedEnergyJoules", d.unattributed().get().joules());
            }
            d.operational().ifPresent(c -> j.figure("operationalCarbon", Optional.of(c)));
            if (d.unavailableReason().isPresent()) {
                j.str("unavailableReason", d.unavailableReason().get());
            }
            j.close('}');
        }
        j.close(']');
        if (t.intensity().isPresent()) {
            j.num("intensityGramsPerKwh", t.intensity().get().value().gramsPerKwh());
        }
        j.figure("operationalCarbon", t.operational());
        j.figure("embodiedCarbon", t.embodiedTotal());
        j.strings("warnings", t.warnings());
        j.close('}');
        return j.b.toString();
    }

    private void figure(String prefix, Optional<CarbonFigure> f) {
        if (f.isPresent()) {
            num(prefix + "Grams", f.get().value().grams());
            num(prefix + "LowGrams", f.get().low().grams());
            num(prefix + "HighGrams", f.get().high().grams());
        }
    }

    private void open(char c) {
        b.append(c);
        first = true;
    }

    private void close(char c) {
        b.append(c);
        first = false;
    }

    private void element() {
        if (!first) {
            b.append(',');
        }
        first = false;
    }

    private void key(String k) {
        element();
        quote(k);
        b.append(':');
        first = true;
    }

    /** The fields a domain's entry starts with, in a report and in the meter's totals alike. */
    private static void domainHead(ReportJson j, String domain, String parent, ReadingKind kind, String sensor) {
        j.str("domain", domain);
        if (!parent.isEmpty()) {
            j.str("parent", parent);
        }
        j.str("kind", kind.name());
        j.str("sensor", sensor);
    }

    private void str(String k, String v) {
        key(k);
        quote(v);
        first = false;
    }

    private void num(String k, double v) {
        key(k);
        b.append(Double.isFinite(v) ? CarbonReport.num(v) : "null");
        first = false;
    }

    private void bool(String k, boolean v) {
        key(k);
        b.append(v);
        first = false;
    }

    private void strings(String k, List<String> values) {
        key(k);
        open('[');
        for (String v : values) {
            element();
            quote(v);
        }
        close(']');
    }

    private void quote(String s) {
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
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
