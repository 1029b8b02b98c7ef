package io.jlivepatch.client;

import java.util.List;

/**
 * How a wait for a patch's transition ended.
 *
 * @param patch the patch waited for
 * @param state where it stands: {@link State#PATCHED} or {@link State#UNPATCHED} once no
 *     transition of it runs, {@link State#RUNNING} if it still ran at the timeout
 * @param status the status that showed it
 * @param events the events logged while waiting, oldest first
 */
public record TransitionEnd(String patch, State state, Status status, List<Event> events) {

    /** Where a patch stands. */
    public enum State {
        /** Enabled and out of transition. */
        PATCHED,
        /** Gone: disabled and removed, or never enabled (a reversed load). */
        UNPATCHED,
        /** Still in transition at the timeout; the transition goes on in the JVM. */
        RUNNING
    }

    /** Makes the list unmodifiable. */
    public TransitionEnd {
        events = List.copyOf(events);
    }
}
