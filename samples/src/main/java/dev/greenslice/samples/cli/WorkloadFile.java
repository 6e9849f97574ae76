package dev.greenslice.samples.cli;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenslice.carbon.plan.Arrival;
import dev.greenslice.carbon.plan.ModelDemand;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads a workload file: {@code {"models":[{"model":"whisper","batchSize":16,"requests":700,
 * "arrival":"closed-loop"|"poisson","loadShare":0.5,"sloFactor":5}]}}, with optional {@code "name"},
 * {@code "sloMs"} and {@code "memoryGb"} per model. A model listed twice without names is named
 * {@code whisper}, {@code whisper#2}. Every error names the file, the entry and the field.
 */
final class WorkloadFile {

    static final Set<String> FIELDS = Set.of("model", "name", "batchSize", "requests", "arrival", "loadShare",
            "sloFactor", "sloMs", "memoryGb");

    /** The largest workload file read: 16 MiB, far above any real workload, so a mistaken path fails fast. */
    static final long MAX_BYTES = 16L << 20;

    /** The most models a workload file lists: the planners take about 2 s for 1,000 (README, Performance). */
    static final int MAX_MODELS = 2_000;

    private WorkloadFile() {
    }

    /** @throws IllegalArgumentException naming the file, the entry and the field at fault */
    static List<ModelDemand> read(Path file) {
        String text = InputFiles.readText(file, "workload file", MAX_BYTES, "a JSON workload file");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + shortly(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + shortly(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject() || !root.has("models") || !root.get("models").isArray()) {
            throw new IllegalArgumentException(file + ": expected an object with a \"models\" array, e.g."
                    + " {\"models\":[{\"model\":\"whisper\",\"batchSize\":16,\"requests\":700,\"arrival\":\"poisson\","
                    + "\"loadShare\":0.5}]}");
        }
        JsonNode models = root.get("models");
        if (models.isEmpty()) {
            throw new IllegalArgumentException(file + ": \"models\" is empty; list at least one model");
        }
        if (models.size() > MAX_MODELS) {
            throw new IllegalArgumentException(file + ": \"models\" lists " + models.size() + " entries; a workload"
                    + " file holds at most " + MAX_MODELS + " models (planning time grows with their number), so split"
                    + " it into several plans");
        }
        List<ModelDemand> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < models.size(); i++) {
            String where = file + ": models[" + i + "]";
            JsonNode m = models.get(i);
            if (!m.isObject()) {
                throw new IllegalArgumentException(where + ": expected an object");
            }
            for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!FIELDS.contains(f)) {
                    throw new IllegalArgumentException(where + ": unknown field \"" + InputFiles.abbreviate(f)
                        + "\"; fields are "
                            + FIELDS.stream().sorted().toList());
                }
            }
            String model = text(m, "model", where, null);
            int batch = (int) whole(m, "batchSize", where, 1, Integer.MAX_VALUE);
            long requests = whole(m, "requests", where, 1, Long.MAX_VALUE);
            String arrivalText = text(m, "arrival", where, "closed-loop").toLowerCase(Locale.ROOT);
            Arrival arrival;
            switch (arrivalText) {
                case "closed-loop", "closed_loop", "closedloop" -> {
                    if (m.has("loadShare")) {
                        throw new IllegalArgumentException(where + ".loadShare: only a poisson arrival has a load"
                                + " share; drop it or set \"arrival\":\"poisson\"");
                    }
                    arrival = Arrival.closedLoop();
                }
                case "poisson" -> {
                    if (!m.has("loadShare")) {
                        throw new IllegalArgumentException(where + ".loadShare: required for a poisson arrival (e.g."
                                + " 0.5 for half of the model's peak throughput)");
                    }
                    arrival = Arrival.poisson(positive(m, "loadShare", where, 100));
                }
                default -> throw new IllegalArgumentException(where + ".arrival: '" + InputFiles.abbreviate(arrivalText)
                        + "' is not closed-loop or poisson");
            }
            double sloFactor = m.has("sloFactor") ? positive(m, "sloFactor", where, 1e6) : ModelDemand.DEFAULT_SLO_FACTOR;
            OptionalDouble sloMs = m.has("sloMs") ? OptionalDouble.of(positive(m, "sloMs", where, 1e9)) : OptionalDouble.empty();
            OptionalDouble memory = m.has("memoryGb") ? OptionalDouble.of(positive(m, "memoryGb", where, 1e4))
                    : OptionalDouble.empty();
            int count = seen.merge(model, 1, Integer::sum);
            String name = m.has("name") ? text(m, "name", where, null) : count == 1 ? model : model + "#" + count;
            if (!names.add(name)) {
                throw new IllegalArgumentException(where + ".name: '" + InputFiles.abbreviate(name)
                        + "' is used twice; give each entry a"
                        + " distinct \"name\"");
            }
            out.add(ModelDemand.builder().name(name).model(model).batchSize(batch).requests(requests)
                    .arrival(arrival).sloFactor(sloFactor).sloMs(sloMs).memoryNeedGb(memory).build());
        }
        return out;
    }

    /** Jackson's message, on one line and short (it may quote a long token). */
    private static String shortly(String message) {
        String m = message == null ? "" : message.replaceAll("\\s+", " ").trim();
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }

    private static String text(JsonNode m, String field, String where, String fallback) {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            if (fallback != null) {
                return fallback;
            }
            throw new IllegalArgumentException(where + ": missing \"" + field + "\"");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + "." + field + ": expected a non-empty string, got "
                    + InputFiles.abbreviate(v.toString()));
        }
        return v.asText();
    }

    private static long whole(JsonNode m, String field, String where, long min, long max) {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(where + ": missing \"" + field + "\"");
        }
        // Compare the exact integer: asLong() would narrow 2^64 + 5 to 5 without a word.
        if (!v.isIntegralNumber() || v.bigIntegerValue().compareTo(BigInteger.valueOf(min)) < 0
                || v.bigIntegerValue().compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException(where + "." + field + ": expected a whole number from " + min + " to "
                    + max + ", got " + InputFiles.abbreviate(v.toString()));
        }
        return v.longValue();
    }

    /**
     * A positive number up to {@code max}: far beyond any real value (a load of 100 times the peak, an SLO of
     * 11 days, 10 TB of memory), so that an absurd one is refused here instead of overflowing a figure later.
     */
    private static double positive(JsonNode m, String field, String where, double max) {
        JsonNode v = m.get(field);
        if (v == null || !v.isNumber() || !(v.asDouble() > 0) || !(v.asDouble() <= max)) {
            throw new IllegalArgumentException(where + "." + field + ": expected a positive number up to "
                    + String.format(java.util.Locale.ROOT, "%.0f", max) + ", got "
                    + InputFiles.abbreviate(String.valueOf(v)));
        }
        return v.asDouble();
    }
}
