package io.jlivepatch.core;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a patch callback may run before it counts as failed: the system property
 * {@value #PROPERTY} (the agent's {@code callbackTimeout=} argument sets it), for example
 * {@code 500ms}, {@code 10s} or {@code 1m}; {@link #DEFAULT} when unset.
 */
public final class CallbackDeadline {

    /** The system property that sets the deadline. */
    public static final String PROPERTY = "jlivepatch.callbackTimeout";
    /** The deadline when none is set: long enough for real work, short enough to notice. */
    public static final Duration DEFAULT = Duration.ofSeconds(10);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

    private CallbackDeadline() {
    }

    /**
     * @param value a whole number followed by {@code ms}, {@code s} or {@code m}
     * @return the duration, positive
     * @throws IllegalArgumentException naming the value and the form expected
     */
    public static Duration parse(String value) {
        Matcher m = DURATION.matcher(value.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("invalid callback timeout '" + value + "': give a"
                    + " positive whole number and a unit (ms, s or m), for example 10s");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

    /**
     * @return the configured deadline; {@link #DEFAULT} if the property is unset or invalid
     *     (the agent reports an invalid argument when it starts)
     */
    static Duration configured() {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            return DEFAULT;
        }
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            return DEFAULT;
        }
    }
}
