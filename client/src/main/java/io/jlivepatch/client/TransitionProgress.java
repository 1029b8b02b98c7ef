package io.jlivepatch.client;

import java.time.Duration;

/** What a client hears while it waits for a transition. */
public interface TransitionProgress {

    /** Hears nothing. */
    TransitionProgress NONE = new TransitionProgress() {
        @Override
        public void event(Event event) {
        }
    };

    /** @param event an event the agent logged while the client waits */
    void event(Event event);

    /**
     * Called every few seconds of a wait that has not ended.
     *
     * @param waited how long the client has waited
     * @param status the status at that time
     */
    default void stillWaiting(Duration waited, Status status) {
    }
}
