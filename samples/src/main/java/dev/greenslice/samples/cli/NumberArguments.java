package dev.greenslice.samples.cli;

import picocli.CommandLine;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads numbers given on the command line, with messages in the command line's words: a whole number that
 * is too large says the largest accepted, a number in exponent notation where a whole one is meant says to
 * write it out, and NaN or Infinity is refused where a quantity is meant.
 */
final class NumberArguments {

    private NumberArguments() {
    }

    static Integer wholeInt(String text) {
        return (int) whole(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    static Long wholeLong(String text) {
        return whole(text, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    static Double finite(String text) {
        double v;
        try {
            v = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + InputFiles.abbreviate(text) + "' is not a number");
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new CommandLine.TypeConversionException("'" + InputFiles.abbreviate(text)
                    + "' is not a finite number");
        }
        return v;
    }

    private static long whole(String text, long min, long max) {
        String t = text.strip();
        BigInteger value;
        try {
            value = new BigInteger(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException notWhole) {
            String hint = "";
            try {
                BigDecimal d = new BigDecimal(t);
                hint = d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                        ? " (write it out: " + d.toBigInteger() + ")" : " (a whole number is needed)";
            } catch (NumberFormatException notANumber) {
                // no hint
            }
            throw new CommandLine.TypeConversionException("'" + InputFiles.abbreviate(text)
                    + "' is not a whole number" + hint);
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new CommandLine.TypeConversionException("'" + InputFiles.abbreviate(text) + "' is out of range ("
                    + min + " to " + max + ")");
        }
        return value.longValue();
    }
}
