package io.jlivepatch.cli;

import io.jlivepatch.client.AuditRecord;
import io.jlivepatch.client.ConnectionLost;
import io.jlivepatch.client.Event;
import io.jlivepatch.client.Json;
import io.jlivepatch.client.LivePatchClient;
import io.jlivepatch.client.Refusal;
import io.jlivepatch.client.Status;
import io.jlivepatch.client.ThreadState;
import io.jlivepatch.client.TransitionEnd;
import io.jlivepatch.client.TransitionProgress;
import io.jlivepatch.core.mbean.LivePatchMXBean;
import io.jlivepatch.core.model.PatchException;
import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The agent's operations over JMX, its sysfs, for a JVM whose agent has no control channel
 * ({@code control=off}, no Unix-domain sockets). JMX has no way to wait for a transition, so
 * {@link #awaitTransition} reads the status every {@link #POLL_MILLIS}; the control channel's
 * agent answers the wait itself.
 */
final class JmxAgent implements LivePatchClient {

    private static final long POLL_MILLIS = 20;
    private static final Duration REMINDER = Duration.ofSeconds(2);

    private final LivePatchMXBean bean;

    /** @param bean the agent's bean, a JMX proxy */
    JmxAgent(LivePatchMXBean bean) {
        this.bean = bean;
    }

    /** An operation of the bean that may be refused. */
    private interface Operation<T> {
        T call() throws PatchException;
    }

    private static <T> T refusable(Operation<T> operation) throws Refusal, ConnectionLost {
        try {
            return operation.call();
        } catch (PatchException e) {
            throw new Refusal(Refusal.Kind.named(e.kind().name()), e.getMessage());
        } catch (UndeclaredThrowableException e) {
            throw lost(e);
        }
    }

    private static <T> T read(Supplier<T> read) throws ConnectionLost {
        try {
            return read.get();
        } catch (UndeclaredThrowableException e) {
            throw lost(e);
        }
    }

    private static ConnectionLost lost(UndeclaredThrowableException e) {
        if (e.getCause() instanceof IOException io) {
            return new ConnectionLost(io.getMessage(), io);
        }
        throw e;
    }

    @Override
    public String load(String jar, boolean strict) throws Refusal, ConnectionLost {
        return refusable(() -> strict ? bean.loadStrict(jar) : bean.load(jar));
    }

    @Override
    public void disable(String patch) throws Refusal, ConnectionLost {
        refusable(() -> {
            bean.disable(patch);
            return null;
        });
    }

    @Override
    public void enable(String patch) throws Refusal, ConnectionLost {
        refusable(() -> {
            bean.enable(patch);
            return null;
        });
    }

    @Override
    public void force() throws Refusal, ConnectionLost {
        refusable(() -> {
            bean.force();
            return null;
        });
    }

    @Override
    public Status status() throws ConnectionLost {
        return Status.read(read(bean::getStatusJson));
    }

    @Override
    public List<ThreadState> threadStates() throws ConnectionLost {
        return Json.objects(Json.read(read(bean::getThreadStatesJson)), ThreadState::of);
    }

    @Override
    public List<Event> events(long afterSequence) throws ConnectionLost {
        return Json.objects(Json.read(read(() -> bean.eventsJson(afterSequence))), Event::of);
    }

    @Override
    public List<AuditRecord> audit() throws ConnectionLost {
        return Json.objects(Json.read(read(bean::auditJson)), AuditRecord::of);
    }

    @Override
    public TransitionEnd awaitTransition(String patch, Duration timeout, long afterSequence,
            TransitionProgress progress) throws ConnectionLost, InterruptedException {
        List<Event> seen = new ArrayList<>();
        long lastSequence = afterSequence;
        long start = System.nanoTime();
        Duration nextReminder = REMINDER;
        while (true) {
            // Status first: the events read after it include every event of the state it shows.
            Status status = status();
            for (Event event : events(lastSequence)) {
                seen.add(event);
                lastSequence = event.sequence();
                progress.event(event);
            }
            Optional<TransitionEnd.State> settled = status.settled(patch);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            if (settled.isPresent() || waited.compareTo(timeout) >= 0) {
                return new TransitionEnd(patch, settled.orElse(TransitionEnd.State.RUNNING),
                        status, seen);
            }
            if (waited.compareTo(nextReminder) >= 0) {
                progress.stillWaiting(waited, status);
                nextReminder = nextReminder.plus(REMINDER);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    @Override
    public void close() {
        // The JMX connector is TargetJvm's to close.
    }
}
