package io.jlivepatch.dispatch;

import java.util.function.BiConsumer;

/**
 * Where run-time support in the boot jar (shadow variables) reports events: the engine's event
 * log once an engine runs in this JVM, the {@code System.Logger} {@code io.jlivepatch} before.
 */
public final class EventSink {

    /** Levels a report may have. */
    public enum Level {
        /** The kernel's WARN. */
        WARNING,
        /** The kernel's pr_err. */
        ERROR
    }

    private static volatile BiConsumer<Level, String> sink;

    private EventSink() {
    }

    /**
     * Reached by the engine through {@link DispatchControl#installEventSink}.
     *
     * @param engineSink receives every report, its text without the {@code livepatch: } prefix;
     *     {@code null} to report through the logger again
     */
    static void install(BiConsumer<Level, String> engineSink) {
        sink = engineSink;
    }

    /**
     * @param level the level
     * @param message the text, without the {@code livepatch: } prefix
     */
    public static void report(Level level, String message) {
        BiConsumer<Level, String> current = sink;
        if (current != null) {
            current.accept(level, message);
            return;
        }
        System.getLogger("io.jlivepatch").log(level == Level.ERROR ? System.Logger.Level.ERROR
                : System.Logger.Level.WARNING, "livepatch: " + message);
    }
}
