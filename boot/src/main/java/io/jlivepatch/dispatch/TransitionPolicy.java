package io.jlivepatch.dispatch;

/**
 * Decides, during a transition, which side a thread runs: the implementations before the
 * transition or those after it. Implemented by the engine's consistency model.
 */
public interface TransitionPolicy {

    /**
     * Answers for the calling thread, which is entering a woven method of the transition: the
     * one decision of that call. The thread may check its own stack and switch itself here.
     *
     * @param site the method being entered
     * @return {@code true} if the calling thread runs the transition's target implementations
     */
    boolean switched(FuncSite site);
}
