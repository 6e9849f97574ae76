package dev.greenslice.intensity.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.intensity.CarbonIntensities;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.DoubleFunction;

/** Reading the fields of a provider's JSON, failing with "malformed response: …" naming the field. */
final class JsonFields {

    private JsonFields() {
    }

    static JsonNode object(JsonNode node, String field, String provider) throws FetchException {
        JsonNode f = node == null ? null : node.get(field);
        if (f == null || f.isNull()) {
            throw malformed(provider, "missing '" + field + "'");
        }
        return f;
    }

    static String text(JsonNode node, String field, String provider) throws FetchException {
        JsonNode f = object(node, field, provider);
        if (!f.isTextual()) {
            throw malformed(provider, "'" + field + "' is not text");
        }
        return f.asText();
    }

    static Instant instant(JsonNode node, String field, String provider) throws FetchException {
        String s = text(node, field, provider);
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw malformed(provider, "'" + field + "' is not a date-time: '" + s + "'");
        }
    }

    /** A non-negative number converted to an intensity with {@code unit}; null, NaN or negative values fail. */
    static CarbonIntensity intensity(JsonNode node, String field, String provider, DoubleFunction<CarbonIntensity> unit)
            throws FetchException {
        JsonNode f = node == null ? null : node.get(field);
        if (f == null || f.isNull()) {
            throw malformed(provider, "no value in '" + field + "'");
        }
        if (!f.isNumber()) {
            throw malformed(provider, "'" + field + "' is not a number: " + f);
        }
        double v = f.asDouble();
        if (!Double.isFinite(v) || v < 0) {
            throw malformed(provider, "'" + field + "' is " + v + ", not a non-negative intensity");
        }
        CarbonIntensity c;
        try {
            c = unit.apply(v);
        } catch (IllegalArgumentException e) {
            throw malformed(provider, "'" + field + "' is " + v + ", too large to convert");
        }
        // The same ceiling as a fixed intensity: a larger value is a unit mistake or a corrupt answer.
        if (c.gramsPerKwh() > CarbonIntensities.MAX_GRAMS_PER_KWH) {
            throw malformed(provider, "'" + field + "' is " + v + " (" + Math.round(c.gramsPerKwh())
                    + " gCO2e/kWh), above " + (long) CarbonIntensities.MAX_GRAMS_PER_KWH
                    + " gCO2e/kWh, more than any grid emits");
        }
        return c;
    }

    static FetchException malformed(String provider, String what) {
        return new FetchException("malformed response from " + provider + ": " + what);
    }

    /** An answer about another location than the one asked for (e.g. {@code "zone"}, {@code "FR"}, {@code "DE"}). */
    static FetchException otherLocation(String provider, String kind, String got, String wanted) {
        return new FetchException(provider + " answered for " + kind + " " + got + ", not " + wanted
                + "; refusing a value for another location");
    }
}
