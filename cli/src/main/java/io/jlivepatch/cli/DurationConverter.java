package io.jlivepatch.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations such as {@code 500ms}, {@code 2s}, {@code 1m} or {@code 1h}. */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Pattern TOO_LONG = Pattern.compile("\\d{10,}(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * @param value a whole number followed by {@code ms}, {@code s}, {@code m} or {@code h}
     * @return the duration
     * @throws TypeConversionException if the value is not of that form
     */
    static Duration parse(String value) {
        if (TOO_LONG.matcher(value.strip()).matches()) {
            throw new TypeConversionException("invalid duration '" + value + "': at most 9"
                    + " digits; the longest is 999999999h");
        }
        Matcher m = DURATION.matcher(value.strip());
        if (!m.matches()) {
            throw new TypeConversionException("invalid duration '" + value + "': give a whole"
                    + " number and a unit (ms, s, m or h), for example 500ms, 2s or 1m");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /**
     * @param duration a duration
     * @return it in the form {@link #parse} reads: whole minutes, whole seconds or milliseconds
     */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 && millis > 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
