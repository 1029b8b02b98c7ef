package io.jlivepatch.core.events;

import java.lang.System.Logger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ordered event log (the kernel's {@code livepatch:} lines in dmesg): every step of every
 * patch, in order, kept in a bounded buffer and written to the {@code System.Logger} named
 * {@value #LOGGER_NAME}. Debug lines go to the logger at DEBUG, which the default logging
 * configuration does not print, so the application's output stays clean.
 *
 * <p>Thread safety: all methods synchronise on the log.
 */
public final class EventLog {

    /** The name of the {@link System.Logger} events are written to. */
    public static final String LOGGER_NAME = "io.jlivepatch";

    /** Created at the first event, so that a preloaded agent starts no logging before main. */
    private Logger logger;
    private final int capacity;
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private final List<Consumer<Event>> listeners = new ArrayList<>();
    private long sequence;
    /** How many events were dropped to keep the capacity. */
    private long dropped;

    /** @param capacity the number of events kept; older ones are dropped */
    public EventLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Appends an event.
     *
     * @param level its level
     * @param message its text, without the {@code livepatch: } prefix
     * @return the event
     */
    public Event add(Event.Level level, String message) {
        return append(level, "livepatch: " + message);
    }

    /**
     * Appends a line written by a patch itself (through {@code PatchContext.log}), without the
     * {@code livepatch: } prefix, as a kernel module's own messages appear in dmesg.
     *
     * @param message the whole line
     */
    public void raw(String message) {
        append(Event.Level.NOTICE, message);
    }

    private Event append(Event.Level level, String line) {
        Event event;
        List<Consumer<Event>> toNotify;
        synchronized (this) {
            event = new Event(++sequence, System.currentTimeMillis(), level, line);
            if (events.size() == capacity) {
                events.removeFirst();
                dropped++;
            }
            events.addLast(event);
            toNotify = List.copyOf(listeners);
            if (logger == null) {
                logger = System.getLogger(LOGGER_NAME);
            }
        }
        logger.log(switch (level) {
            case DEBUG -> Logger.Level.DEBUG;
            case NOTICE -> Logger.Level.INFO;
            case WARNING -> Logger.Level.WARNING;
            case ERROR -> Logger.Level.ERROR;
        }, event.message());
        for (Consumer<Event> listener : toNotify) {
            listener.accept(event);
        }
        return event;
    }

    /** Logs a kernel pr_notice line. */
    public void notice(String message) {
        add(Event.Level.NOTICE, message);
    }

    /** Logs a kernel pr_debug line. */
    public void debug(String message) {
        add(Event.Level.DEBUG, message);
    }

    /** Logs a kernel pr_warn line. */
    public void warning(String message) {
        add(Event.Level.WARNING, message);
    }

    /** Logs a kernel pr_err line. */
    public void error(String message) {
        add(Event.Level.ERROR, message);
    }

    /**
     * @param afterSequence only events with a larger sequence number
     * @return the kept events after {@code afterSequence}, oldest first, after a warning
     *     saying how many were dropped if some after {@code afterSequence} were
     */
    public synchronized List<Event> since(long afterSequence) {
        List<Event> result = new ArrayList<>();
        Event first = events.peekFirst();
        if (first != null && dropped > 0 && afterSequence < first.sequence() - 1) {
            // Numbered as the last dropped event: a reader that saw it is past the gap.
            result.add(new Event(first.sequence() - 1, first.timeMillis(), Event.Level.WARNING,
                    "livepatch: " + dropped + " earlier events were dropped; the log keeps the"
                    + " latest " + capacity));
        }
        for (Event event : events) {
            if (event.sequence() > afterSequence) {
                result.add(event);
            }
        }
        return result;
    }

    /**
     * Registers a listener called after each event, outside the log's lock, on the thread that
     * logged it (JMX notifications use this).
     *
     * @param listener the listener; it must not throw
     */
    public synchronized void addListener(Consumer<Event> listener) {
        listeners.add(listener);
    }
}
