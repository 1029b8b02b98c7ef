package io.jlivepatch.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One measured figure, as the runner prints it for programs: {@code BENCH <name> <value> <unit>}
 * for a measurement, {@code RATIO <name> <value>} for a ratio of two measurements of the same run,
 * {@code SKIP <name> <reason>} for a benchmark that cannot run here.
 *
 * @param kind what the line is
 * @param name the figure's name, without spaces, for example {@code redirect.patched}
 * @param value the value; {@code NaN} for skipped figures
 * @param unit the unit of a measurement ({@code ns/op}, {@code ms}, ...); for a skip, the reason;
 *     empty for a ratio
 */
public record Figure(Kind kind, String name, double value, String unit) {

    /** The kinds of line. */
    public enum Kind { BENCH, RATIO, SKIP }

    /** How the reason of a {@link #timedOut} figure starts. */
    public static final String TIMED_OUT = "did not complete within";

    public Figure {
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("figure name '" + name
                    + "' must be non-empty and without spaces");
        }
    }

    /** @return a measurement */
    public static Figure bench(String name, double value, String unit) {
        return new Figure(Kind.BENCH, name, value, unit);
    }

    /** @return a ratio of two measurements of the same run */
    public static Figure ratio(String name, double value) {
        return new Figure(Kind.RATIO, name, value, "");
    }

    /** @return a benchmark that did not run, and why */
    public static Figure skip(String name, String reason) {
        return new Figure(Kind.SKIP, name, Double.NaN, reason);
    }

    /**
     * @param name the figure's name
     * @param limit how long it was given
     * @param detail what was running, or empty
     * @return a measurement that did not complete within {@code limit}: a skip whose reason
     *     starts with {@value #TIMED_OUT}
     */
    public static Figure timedOut(String name, Duration limit, String detail) {
        return skip(name, TIMED_OUT + " " + limit.toSeconds() + " s"
                + (detail.isEmpty() ? "" : " (" + detail + ")"));
    }

    /** @return whether this is a measurement that did not complete in the time it was given */
    public boolean isTimedOut() {
        return kind == Kind.SKIP && unit.startsWith(TIMED_OUT);
    }

    /** @return the machine-readable line */
    public String line() {
        return switch (kind) {
            case BENCH -> "BENCH " + name + " " + number(value) + " " + unit;
            case RATIO -> "RATIO " + name + " " + number(value);
            case SKIP -> "SKIP " + name + " " + unit;
        };
    }

    /**
     * Reads a line printed by {@link #line()}, for example by a scenario's child JVM.
     *
     * @param line any line of output
     * @return the figure, or empty if the line is not a figure line
     */
    public static Optional<Figure> parse(String line) {
        String[] parts = line.strip().split(" ", 4);
        try {
            if (parts.length == 4 && parts[0].equals("BENCH")) {
                return Optional.of(bench(parts[1], Double.parseDouble(parts[2]), parts[3]));
            }
            if (parts.length == 3 && parts[0].equals("RATIO")) {
                return Optional.of(ratio(parts[1], Double.parseDouble(parts[2])));
            }
            if (parts.length >= 3 && parts[0].equals("SKIP")) {
                String reason = line.strip().substring(("SKIP " + parts[1] + " ").length());
                return Optional.of(skip(parts[1], reason));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Numbers with at most three decimals, and none for large values, in any locale. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        double abs = Math.abs(value);
        String pattern = abs >= 1000 ? "%.0f" : abs >= 10 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }
}
