package io.jlivepatch.agent;

import io.jlivepatch.core.events.Event;
import io.jlivepatch.core.status.EngineStatus;
import io.jlivepatch.core.status.EngineStatus.PendingThread;
import io.jlivepatch.core.status.EngineStatus.TransitionStatus;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The flight recorder's stall reports: while a transition runs, once every
 * {@link #PERIOD_SECONDS} second (the kernel's {@code klp_transition_work} period), a
 * {@code transition stall} event names the patch and the threads it still waits for. Reports are
 * taken only while a recording enables the event; the status is the agent's latest read, which
 * never waits for the engine's lock.
 *
 * <p>Thread safety: {@link #logged} may be called from any thread; reports run on one daemon
 * thread.
 */
final class StallReports {

    /** Seconds between two reports of one transition. */
    static final long PERIOD_SECONDS = 1;

    private final Supplier<EngineStatus> status;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            task -> {
                Thread thread = new Thread(task, "jlivepatch stall reports");
                thread.setDaemon(true);
                return thread;
            });
    private ScheduledFuture<?> reporting;

    /** @param status reads the engine's status without waiting for its lock */
    StallReports(Supplier<EngineStatus> status) {
        this.status = status;
    }

    /**
     * Starts reporting when a transition starts, stops when it completes.
     *
     * @param event an event of the engine's log
     */
    void logged(Event event) {
        if (LivePatchRecording.TRANSITION_START.matcher(event.message()).matches()) {
            start();
        } else if (LivePatchRecording.TRANSITION_COMPLETE.matcher(event.message()).matches()) {
            stop();
        }
    }

    private synchronized void start() {
        if (reporting == null || reporting.isDone()) {
            reporting = timer.scheduleAtFixedRate(this::report, PERIOD_SECONDS, PERIOD_SECONDS,
                    TimeUnit.SECONDS);
        }
    }

    private void report() {
        if (!LivePatchRecording.recording()) {
            return;
        }
        TransitionStatus transition = status.get().transition();
        if (transition == null) {
            stop();
            return;
        }
        int count = transition.pendingThreads().size();
        StringBuilder message = new StringBuilder("'" + transition.patch() + "': "
                + (transition.target().equals("PATCHED") ? "patching" : "unpatching")
                + " transition waits for " + count + (count == 1 ? " thread" : " threads"));
        String separator = ": ";
        for (PendingThread thread : transition.pendingThreads()) {
            message.append(separator).append(thread.name()).append(" (#").append(thread.id())
                    .append(") in ").append(thread.blockedIn());
            separator = "; ";
        }
        LivePatchRecording.stalled(transition.patch(), message.toString());
    }

    private synchronized void stop() {
        if (reporting != null) {
            reporting.cancel(false);
        }
    }
}
