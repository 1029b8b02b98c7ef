package io.jlivepatch.core.events;

/**
 * One line of the event log, the counterpart of a kernel log line.
 *
 * @param sequence position in the log, from 1, without gaps
 * @param timeMillis wall-clock time of the event
 * @param level how important it is
 * @param message the text, starting {@code livepatch: } like the kernel's
 */
public record Event(long sequence, long timeMillis, Level level, String message) {

    /** Levels, after the kernel's printk levels. */
    public enum Level {
        /** pr_debug: steps the kernel's self-tests show (initializing, completing, ...). */
        DEBUG,
        /** pr_notice: enabling, starting, complete. */
        NOTICE,
        /** pr_warn. */
        WARNING,
        /** pr_err. */
        ERROR
    }
}
