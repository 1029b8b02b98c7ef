package io.jlivepatch.dispatch;

import java.util.function.BiConsumer;

/** Lets tests of other packages of the boot module capture what run-time support reports. */
public final class EventSinks {

    private EventSinks() {
    }

    /** @param sink receives every report; {@code null} to report through the logger again */
    public static void install(BiConsumer<EventSink.Level, String> sink) {
        EventSink.install(sink);
    }
}
