package dev.greenslice.carbon;

import java.time.Duration;
import java.util.Locale;

/** Validation and formatting shared by the unit types. */
final class Quantities {

    private Quantities() {
    }

    static void requireFiniteNonNegative(double value, String what, String unit) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
            String u = unit.isEmpty() ? "" : " " + unit;
            throw new IllegalArgumentException(
                    what + " must be a finite, non-negative number" + (u.isEmpty() ? "" : " of" + u) + ", got " + value);
        }
    }

    /**
     * Validates a stored amount and normalises negative zero to zero: records compare doubles with
     * {@link Double#compare}, under which {@code -0.0} and {@code 0.0} differ, so {@code Energy.ofJoules(-0.0)}
     * would otherwise not equal {@code Energy.ZERO} and print as {@code "-0 J"}.
     */
    static double stored(double value, String what, String unit) {
        requireFiniteNonNegative(value, what, unit);
        return value + 0.0;
    }

    /**
     * Converts {@code value} in {@code unit} to the stored unit by multiplying with {@code factor}, rejecting
     * invalid input with a message in the caller's unit, and a result too large to represent with a message
     * that names the caller's value rather than the overflowed {@code Infinity}.
     */
    static double scaled(double value, double factor, String what, String unit, String storedUnit) {
        requireFiniteNonNegative(value, what, unit);
        double result = value * factor;
        if (Double.isInfinite(result)) {
            throw new IllegalArgumentException(
                    what + " of " + value + " " + unit + " is too large to represent in " + storedUnit);
        }
        return result;
    }

    static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    static String format(double value, String unit) {
        return number(value) + " " + unit;
    }

    /**
     * A figure with its meaningful digits, for text: four significant digits and at most four decimals (a window's
     * energy and carbon rest on sensors, intensities and footprints good to a few percent at best), whole numbers
     * from 1,000 up, scientific notation below 0.01 and from 10^7; no trailing zeros. {@code toJson()} and CSV keep
     * full precision.
     */
    static String number(double value) {
        double abs = Math.abs(value);
        if (abs == 0) {
            return "0";
        }
        String num;
        if (abs < 1e-2 || abs >= 1e7) {
            num = String.format(Locale.ROOT, "%.3e", value);
        } else if (abs >= 1e3) {
            return String.format(Locale.ROOT, "%.0f", value);
        } else {
            int decimals = Math.min(4, Math.max(0, 3 - (int) Math.floor(Math.log10(abs))));
            // One rounding, of the exact value: four significant digits unless that is more than four decimals.
            num = new java.math.BigDecimal(value).setScale(decimals, java.math.RoundingMode.HALF_UP).toPlainString();
        }
        int e = num.indexOf('e');
        String mantissa = e < 0 ? num : num.substring(0, e);
        String exponent = e < 0 ? "" : num.substring(e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + exponent;
    }
}
