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

    static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    static String format(double value, String unit) {
        double abs = Math.abs(value);
        String num;
        if (abs != 0 && (abs < 1e-3 || abs >= 1e7)) {
            num = String.format(Locale.ROOT, "%.4g", value);
        } else {
            num = String.format(Locale.ROOT, "%.6g", value);
            if (num.contains(".") && !num.contains("e")) {
                num = num.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
        }
        return num + " " + unit;
    }
}
