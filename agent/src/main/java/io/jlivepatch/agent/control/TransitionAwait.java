package io.jlivepatch.agent.control;

import io.jlivepatch.client.Answer;
import io.jlivepatch.client.Event;
import io.jlivepatch.client.Json;
import io.jlivepatch.client.Request;
import io.jlivepatch.client.Status;
import io.jlivepatch.client.TransitionEnd;
import io.jlivepatch.core.mbean.LivePatchMXBean;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Serves {@link Request.AwaitTransition}: the agent answers when no transition of the patch runs
 * any more, or at the timeout. The waiting connection's thread sleeps until {@link #signal} (the
 * engine logged an event or changed its patches), reads the status and the new events, and sends
 * the events as they come; every {@link #REMINDER_MILLIS} it sends the status, so that the client
 * can tell the operator what the transition waits for.
 *
 * <p>Thread safety: {@link #signal} is called from any thread; each waiter waits on its own.
 */
final class TransitionAwait {

    /** How often a waiter that hears nothing sends the status. */
    static final long REMINDER_MILLIS = 2_000;
    /**
     * How soon a waiter reads again when the status it read was stale (the engine was held): the
     * release of the engine logs nothing when the holder fails, so no signal may come.
     */
    private static final long STALE_RECHECK_MILLIS = 100;

    private final LivePatchMXBean bean;
    private long signals;

    /** @param bean the agent's bean, whose status and events are read */
    TransitionAwait(LivePatchMXBean bean) {
        this.bean = bean;
    }

    /** Wakes the waiters: the engine logged an event or changed its patches. */
    synchronized void signal() {
        signals++;
        notifyAll();
    }

    /**
     * @param request what to wait for
     * @param out where the progress lines go
     * @return the final answer: {@code {"state":"PATCHED|UNPATCHED|RUNNING","status":{..}}}
     * @throws IOException if the client went away
     * @throws InterruptedException if the serving thread is interrupted
     */
    Answer await(Request.AwaitTransition request, AnswerLines out)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(request.timeoutMillis());
        long nextReminder = start + TimeUnit.MILLISECONDS.toNanos(REMINDER_MILLIS);
        long lastSequence = request.afterSequence();
        while (true) {
            long seen = signalsSeen();
            // Status first: the events read after it include every event of the state it shows.
            Status status = Status.read(bean.getStatusJson());
            for (Object e : (List<?>) Json.read(bean.eventsJson(lastSequence))) {
                Event event = Event.of((Map<?, ?>) e);
                out.send(new Answer.Progress(event));
                lastSequence = event.sequence();
            }
            Optional<TransitionEnd.State> settled = status.settled(request.patch());
            long now = System.nanoTime();
            if (settled.isPresent() || now - deadline >= 0) {
                return end(settled.orElse(TransitionEnd.State.RUNNING), status);
            }
            if (now - nextReminder >= 0) {
                out.send(new Answer.Waiting(TimeUnit.NANOSECONDS.toMillis(now - start), status));
                nextReminder += TimeUnit.MILLISECONDS.toNanos(REMINDER_MILLIS);
            }
            long wake = Math.min(deadline, nextReminder);
            if (status.stale().isPresent()) {
                wake = Math.min(wake, now + TimeUnit.MILLISECONDS.toNanos(STALE_RECHECK_MILLIS));
            }
            awaitSignal(seen, wake - now);
        }
    }

    private synchronized long signalsSeen() {
        return signals;
    }

    private synchronized void awaitSignal(long seen, long nanos) throws InterruptedException {
        long until = System.nanoTime() + nanos;
        long left = nanos;
        while (signals == seen && left > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
            left = until - System.nanoTime();
        }
    }

    private static Answer end(TransitionEnd.State state, Status status) {
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("state", state.name());
        end.put("status", status.json());
        return new Answer.Value(end);
    }

    /** Where a served request's answer lines go. */
    interface AnswerLines {
        /**
         * @param answer a line to send now
         * @throws IOException if the client went away
         */
        void send(Answer answer) throws IOException;
    }
}
