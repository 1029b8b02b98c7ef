package io.jlivepatch.dispatch;

/**
 * Decides, during a transition, which side a thread runs: the implementations before the
 * transition or those after it. Implemented by the engine's consistency model.
 */
public interface TransitionPolicy {

    /**
     * Answers for the calling thread, which is running a woven method.
     *
     * @param site the method being entered or called
     * @param entering {@code true} at the method's entry (the guard), where the thread may check
     *     its own stack and switch itself; {@code false} when only reading the decision already
     *     made at entry
     * @return {@code true} if the calling thread runs the transition's target implementations
     */
    boolean switched(FuncSite site, boolean entering);
}
