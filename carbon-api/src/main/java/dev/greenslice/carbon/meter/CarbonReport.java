package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.intensity.IntensityFactor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What one metering window consumed and emitted, with where every figure came from.
 *
 * <p>Per-domain energy with the kind of reading; the duration; operational carbon (energy × intensity,
 * integrated over time), embodied carbon per device ({@code (T / lifetime) × footprint × share}) and
 * their total, each with a low/high range where a factor has one; the intensity used; the attribution
 * rule; and every assumption with its source. Nothing is silently defaulted: a domain that could not be
 * read is listed as unavailable with its reason and left out of the totals (which {@link #complete()}
 * then says); without an intensity source there is no operational figure; without an embodied model
 * there is no embodied figure, and the total says what it excludes in {@link #warnings()}.
 *
 * <p>Immutable and thread-safe. {@link #toJson()} uses camelCase names with the unit in the name
 * ({@code energyJoules}, {@code carbonGrams}).
 */
public final class CarbonReport {
    private final String label;
    private final Instant start;
    private final Instant end;
    private final Duration duration;
    private final String sampling;
    private final Attribution attribution;
    private final List<DomainEnergy> domains;
    private final Energy totalEnergy;
    private final boolean complete;
    private final Optional<IntensityFactor> intensity;
    private final Optional<CarbonFigure> operational;
    private final List<EmbodiedShare> embodied;
    private final Optional<CarbonFigure> embodiedTotal;
    private final Optional<CarbonFigure> total;
    private final List<Assumption> assumptions;
    private final List<String> warnings;
    private final List<FunctionalUnitReport> functionalUnits;

    /**
     * A report as the meter assembles it; the lists are copied.
     *
     * @param label         the window's label
     * @param start         wall-clock start
     * @param end           wall-clock end
     * @param duration      monotonic duration
     * @param sampling      how edges were read, e.g. {@code "sampled every 100 ms, edges interpolated"}
     * @param attribution   the attribution rule
     * @param domains       energy per domain, roots and nested
     * @param totalEnergy   the sum over available root domains
     * @param complete      whether every root domain was available
     * @param intensity     the intensity in effect at the start, if an intensity source was configured
     * @param operational   operational carbon, if an intensity source was configured
     * @param embodied      embodied carbon per device with a footprint attached
     * @param embodiedTotal the sum of {@code embodied}, if any embodied model was configured
     * @param total         operational + embodied (what is available of them), if operational is available
     * @param assumptions   every input with its value and source
     * @param warnings      what the figures exclude or may get wrong
     * @throws NullPointerException if any part is null (use empty optionals and lists for what is absent)
     */
    CarbonReport(String label, Instant start, Instant end, Duration duration, String sampling, Attribution attribution,
            List<DomainEnergy> domains, Energy totalEnergy, boolean complete, Optional<IntensityFactor> intensity,
            Optional<CarbonFigure> operational, List<EmbodiedShare> embodied, Optional<CarbonFigure> embodiedTotal,
            Optional<CarbonFigure> total, List<Assumption> assumptions, List<String> warnings) {
        this(label, start, end, duration, sampling, attribution, domains, totalEnergy, complete, intensity, operational,
                embodied, embodiedTotal, total, assumptions, warnings, List.of());
    }

    /**
     * A report with the figures per functional unit counted in the window ({@link Measurement#count}), one per unit
     * name in order of first count; units counted zero times in all are left out. Other parameters as above.
     */
    CarbonReport(String label, Instant start, Instant end, Duration duration, String sampling, Attribution attribution,
            List<DomainEnergy> domains, Energy totalEnergy, boolean complete, Optional<IntensityFactor> intensity,
            Optional<CarbonFigure> operational, List<EmbodiedShare> embodied, Optional<CarbonFigure> embodiedTotal,
            Optional<CarbonFigure> total, List<Assumption> assumptions, List<String> warnings,
            List<FunctionalUnitReport> functionalUnits) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(attribution, "attribution");
        domains = List.copyOf(domains);
        Objects.requireNonNull(totalEnergy, "totalEnergy");
        Objects.requireNonNull(intensity, "intensity");
        Objects.requireNonNull(operational, "operational");
        embodied = List.copyOf(embodied);
        Objects.requireNonNull(embodiedTotal, "embodiedTotal");
        Objects.requireNonNull(total, "total");
        assumptions = List.copyOf(assumptions);
        warnings = List.copyOf(warnings);
        this.label = label;
        this.start = start;
        this.end = end;
        this.duration = duration;
        this.sampling = sampling;
        this.attribution = attribution;
        this.domains = domains;
        this.totalEnergy = totalEnergy;
        this.complete = complete;
        this.intensity = intensity;
        this.operational = operational;
        this.embodied = embodied;
        this.embodiedTotal = embodiedTotal;
        this.total = total;
        this.assumptions = assumptions;
        this.warnings = warnings;
        this.functionalUnits = List.copyOf(functionalUnits);
    }

    /**
     * One domain's entry.
     *
     * @param id the domain id, e.g. {@code "gpu:0"} or {@code "cpu:package-0"}
     * @return the domain's entry, if the window covered it
     */
    public Optional<DomainEnergy> domain(String id) {
        return domains.stream().filter(d -> d.domain().equals(id)).findFirst();
    }

    /**
     * One domain's energy.
     *
     * @param id the domain id, e.g. {@code "gpu:0"}
     * @return the energy, or empty if the window did not cover the domain or its reading was unavailable
     */
    public Optional<Energy> energyOf(String id) {
        return domain(id).flatMap(DomainEnergy::energy);
    }

    /**
     * The figures per functional unit (SCI): per request, per token.
     *
     * @param units how many units the window served, {@code >= 1}
     * @param unit  the unit's name, e.g. {@code "request"} or {@code "token"}
     * @return every figure divided by {@code units}; carbon figures this report lacks are zero there
     * @throws IllegalArgumentException for a unit count below 1
     */
    public FunctionalUnitReport per(long units, String unit) {
        if (units < 1) {
            throw new IllegalArgumentException("A functional unit count must be >= 1, got " + units);
        }
        return new FunctionalUnitReport(units, unit,
                Energy.ofJoules(totalEnergy.joules() / units),
                operational.map(c -> c.dividedBy(units)).orElse(CarbonFigure.ZERO),
                embodiedTotal.map(c -> c.dividedBy(units)).orElse(CarbonFigure.ZERO),
                total.map(c -> c.dividedBy(units)).orElse(CarbonFigure.ZERO));
    }

    /** @return the report as one JSON object */
    public String toJson() {
        return ReportJson.write(this);
    }

    /** @return the header matching {@link #toCsvRow()} */
    public static String csvHeader() {
        return "label,start,end,durationSeconds,energyJoules,complete,intensityGramsPerKwh,operationalCarbonGrams,"
                + "operationalLowGrams,operationalHighGrams,embodiedCarbonGrams,embodiedLowGrams,embodiedHighGrams,"
                + "totalCarbonGrams,totalLowGrams,totalHighGrams,attribution";
    }

    /**
     * @return one CSV row (RFC 4180 quoting: a label with a comma, quote or line break is quoted); empty cells for
     *         unavailable figures. A label that a spreadsheet would run as a formula (starting with {@code =},
     *         {@code +}, {@code -}, {@code @}, a tab or a carriage return) is written with a leading {@code '}
     */
    public String toCsvRow() {
        StringBuilder b = new StringBuilder();
        b.append(csv(label)).append(',').append(start).append(',').append(end).append(',')
                .append(num(duration.toNanos() / 1e9)).append(',').append(num(totalEnergy.joules())).append(',')
                .append(complete).append(',')
                .append(intensity.map(f -> num(f.value().gramsPerKwh())).orElse("")).append(',');
        appendFigure(b, operational);
        appendFigure(b, embodiedTotal);
        appendFigure(b, total);
        b.append(attribution.name());
        return b.toString();
    }

    private static void appendFigure(StringBuilder b, Optional<CarbonFigure> f) {
        if (f.isPresent()) {
            b.append(num(f.get().value().grams())).append(',').append(num(f.get().low().grams())).append(',')
                    .append(num(f.get().high().grams())).append(',');
        } else {
            b.append(",,,");
        }
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.9g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1");
    }

    private static String csv(String s) {
        String v = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    /**
     * The report as text, each thing said once: the intensity's provenance and each unavailable domain's reason are
     * printed where they belong (the assumptions, the domain's line) and referred to elsewhere.
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("Carbon report '").append(label).append("' — ").append(formatDuration(duration))
                .append(" (").append(start.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).append(" → ")
                .append(end.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).append(")\n");
        b.append("  energy   ").append(totalEnergy).append(complete ? "" : "  (incomplete: some domains unavailable)")
                .append('\n');
        for (DomainEnergy d : domains) {
            b.append("    ").append(d.isRoot() ? "" : "  ").append(d.domain()).append(": ");
            if (d.isAvailable()) {
                b.append(d.energy().get()).append("  [").append(d.kind().description()).append(", ").append(d.sensor())
                        .append(']');
                d.partialReason().ifPresent(p -> b.append("  partial — ").append(withoutOwnId(d.domain(), p)));
            } else {
                b.append("unavailable — ").append(withoutOwnId(d.domain(), d.unavailableReason().get()));
            }
            b.append('\n');
            for (String n : d.notes()) {
                b.append("      note: ").append(n).append('\n');
            }
        }
        b.append("  operational ").append(operational.map(CarbonFigure::toString).orElse("n/a (no intensity source)"));
        // The value and range only: where the intensity comes from is its assumption's line below.
        intensity.ifPresent(i -> b.append("  at ").append(i.value()).append(i.low().equals(i.high()) ? ""
                : " [" + num(i.low().gramsPerKwh()) + "–" + num(i.high().gramsPerKwh()) + "]"));
        b.append('\n');
        b.append("  embodied    ").append(embodiedTotal.map(CarbonFigure::toString).orElse("n/a (no embodied model)")).append('\n');
        for (EmbodiedShare e : embodied) {
            b.append("    ").append(e.device()).append(": ").append(e.carbon()).append(" = ").append(formatDuration(e.time()))
                    .append(" / ").append(e.lifetime().toDays() / 365).append(" y × ")
                    .append(e.footprint().carbon().value()).append(" × share ").append(num(e.share())).append('\n');
        }
        b.append("  total       ").append(total.map(CarbonFigure::toString).orElse("n/a")).append('\n');
        for (FunctionalUnitReport f : functionalUnits) {
            b.append("  per ").append(f.unit()).append(" (").append(f.units()).append(")  ").append(f.energyPerUnit());
            if (total.isPresent()) {
                b.append(", ").append(f.carbonPerUnit());
            }
            b.append('\n');
        }
        b.append("  attribution ").append(attribution.description()).append('\n');
        b.append("  sampling    ").append(sampling).append('\n');
        for (Assumption a : assumptions) {
            // The attribution and sampling lines above already say these.
            boolean said = a.name().equals("attribution") && a.value().equals(attribution.description())
                    || a.name().equals("sampling") && a.value().equals(sampling);
            if (!said) {
                b.append("  assumes     ").append(referringToDomains(a.toString())).append('\n');
            }
        }
        for (String w : warnings) {
            b.append("  warning     ").append(referringToDomains(w)).append('\n');
        }
        return b.toString();
    }

    /** A reason without the domain id it starts with, which its line already names. */
    private static String withoutOwnId(String domain, String reason) {
        String prefix = domain + ": ";
        return reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason;
    }

    /** A line with every unavailable domain's reason, printed on that domain's line, replaced by a reference to it. */
    private String referringToDomains(String line) {
        String out = line;
        for (DomainEnergy d : domains) {
            if (d.unavailableReason().isPresent() && !d.unavailableReason().get().isEmpty()) {
                String reason = d.unavailableReason().get();
                out = out.replace(d.domain() + ": " + reason, d.domain() + ": unavailable (the reason is on its line above)")
                        .replace(reason, "the reason given for " + d.domain() + " above");
            }
        }
        return out;
    }

    static String formatDuration(Duration d) {
        double s = d.toNanos() / 1e9;
        if (s < 1e-3) {
            return String.format(Locale.ROOT, "%.1f µs", s * 1e6);
        }
        if (s < 1) {
            return String.format(Locale.ROOT, "%.1f ms", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.3f s", s);
    }

    /** @return the window's label */
    public String label() {
        return label;
    }

    /** @return wall-clock start */
    public Instant start() {
        return start;
    }

    /** @return wall-clock end */
    public Instant end() {
        return end;
    }

    /** @return monotonic duration */
    public Duration duration() {
        return duration;
    }

    /** @return how edges were read, e.g. {@code "sampled every 100 ms, edges interpolated"} */
    public String sampling() {
        return sampling;
    }

    /** @return the attribution rule */
    public Attribution attribution() {
        return attribution;
    }

    /** @return energy per domain, roots and nested */
    public List<DomainEnergy> domains() {
        return domains;
    }

    /** @return the sum over available root domains */
    public Energy totalEnergy() {
        return totalEnergy;
    }

    /** @return whether every root domain was available for the whole window (none unavailable or partial) */
    public boolean complete() {
        return complete;
    }

    /** @return the intensity in effect at the start, if an intensity source was configured */
    public Optional<IntensityFactor> intensity() {
        return intensity;
    }

    /** @return operational carbon, if an intensity source was configured */
    public Optional<CarbonFigure> operational() {
        return operational;
    }

    /** @return embodied carbon per device with a footprint attached */
    public List<EmbodiedShare> embodied() {
        return embodied;
    }

    /** @return the sum of {@code embodied}, if any embodied model was configured */
    public Optional<CarbonFigure> embodiedTotal() {
        return embodiedTotal;
    }

    /** @return operational + embodied (what is available of them), if operational is available */
    public Optional<CarbonFigure> total() {
        return total;
    }

    /** @return every input with its value and source */
    public List<Assumption> assumptions() {
        return assumptions;
    }

    /** @return what the figures exclude or may get wrong */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The figures per functional unit counted in the window with {@link Measurement#count(long, String)}.
     *
     * @return one entry per unit name counted above zero, in order of first count; empty if none was counted
     */
    public List<FunctionalUnitReport> functionalUnits() {
        return functionalUnits;
    }

    /**
     * The figures per functional unit counted in the window with {@link Measurement#count(long, String)}.
     *
     * @param unit the unit's name, e.g. {@code "request"}
     * @return every figure divided by the window's count of {@code unit}, or empty if it counted none
     */
    public Optional<FunctionalUnitReport> per(String unit) {
        for (FunctionalUnitReport f : functionalUnits) {
            if (f.unit().equals(unit)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof CarbonReport)) {
            return false;
        }
        CarbonReport o = (CarbonReport) other;
        return Objects.equals(label, o.label)
                && Objects.equals(start, o.start)
                && Objects.equals(end, o.end)
                && Objects.equals(duration, o.duration)
                && Objects.equals(sampling, o.sampling)
                && Objects.equals(attribution, o.attribution)
                && Objects.equals(domains, o.domains)
                && Objects.equals(totalEnergy, o.totalEnergy)
                && complete == o.complete
                && Objects.equals(intensity, o.intensity)
                && Objects.equals(operational, o.operational)
                && Objects.equals(embodied, o.embodied)
                && Objects.equals(embodiedTotal, o.embodiedTotal)
                && Objects.equals(total, o.total)
                && Objects.equals(assumptions, o.assumptions)
                && Objects.equals(warnings, o.warnings)
                && Objects.equals(functionalUnits, o.functionalUnits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, start, end, duration, sampling, attribution, domains, totalEnergy, complete,
                intensity, operational, embodied, embodiedTotal, total, assumptions, warnings, functionalUnits);
    }
}
