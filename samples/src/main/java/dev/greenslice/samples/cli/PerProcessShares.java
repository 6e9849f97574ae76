package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.DomainEnergy;
import dev.greenslice.nvml.StaticEnergyRule;

import java.io.PrintWriter;
import java.util.Locale;

/** The {@code gpu:N/process} lines of {@code meter --per-process}: each share next to its board's total. */
final class PerProcessShares {

    private PerProcessShares() {
    }

    /** @param staticEnergy the --static-energy value; the rule in full is among the report's assumptions */
    static void print(PrintWriter out, CarbonReport report, String staticEnergy) {
        boolean any = false;
        for (DomainEnergy d : report.domains()) {
            if (!d.domain().endsWith("/process")) {
                continue;
            }
            any = true;
            DomainEnergy board = report.domain(d.parent()).orElse(null);
            if (d.energy().isEmpty()) {
                // Its reason is on the domain's line of the report just above.
                out.println("  " + d.domain() + ": unavailable (the report above says why)");
            } else if (board == null || board.energy().isEmpty()) {
                out.println(String.format(Locale.ROOT, "  %s: %.3f J of %s (board total unavailable)", d.domain(),
                        d.energy().get().toJoules(), d.parent()));
            } else {
                double share = d.energy().get().toJoules();
                double total = board.energy().get().toJoules();
                out.println(String.format(Locale.ROOT, "  %s: %.3f J of %s's %.3f J (%.1f %%), this meter and the "
                        + "command's processes", d.domain(), share, d.parent(), total, total > 0 ? 100 * share / total : 0));
            }
        }
        if (any) {
            out.println("  per-process rule: --static-energy " + staticEnergy + " (in full among the assumptions above)");
        } else {
            out.println("  per-process: no GPU is metered, so there is no per-process share");
        }
    }

    static ArrayNode json(CarbonReport report, StaticEnergyRule rule) {
        ArrayNode list = JsonOutput.MAPPER.createArrayNode();
        for (DomainEnergy d : report.domains()) {
            if (!d.domain().endsWith("/process")) {
                continue;
            }
            ObjectNode o = list.addObject();
            o.put("domain", d.domain());
            o.put("board", d.parent());
            o.put("staticEnergyRule", rule.name());
            o.put("available", d.energy().isPresent());
            d.energy().ifPresent(e -> o.put("energyJoules", e.toJoules()));
            d.unavailableReason().ifPresent(r -> o.put("unavailableReason", r));
            report.domain(d.parent()).flatMap(DomainEnergy::energy)
                    .ifPresent(e -> o.put("boardEnergyJoules", e.toJoules()));
        }
        return list;
    }
}
