package io.jlivepatch.client;

import java.time.Duration;
import java.util.List;

/**
 * The operations of a jlivepatch agent, typed: what {@code jlp} does to a JVM, for any Java tool.
 * {@link ControlConnection#connect} reaches an agent over its control channel; JMX, the agent's
 * sysfs, is the other way in.
 *
 * <p>Every operation throws {@link ConnectionLost} if the agent cannot be reached or answers
 * out of protocol, and {@link IllegalStateException} if the agent failed to serve it.
 */
public interface LivePatchClient extends AutoCloseable {

    /**
     * Loads a patch jar and enables it (load = enable). Returns once the patching transition
     * has started; {@link #awaitTransition} waits for its end.
     *
     * @param jar the jar's path in the JVM's file system
     * @param strict refuse the patch if a class it targets exists nowhere in the JVM
     * @return the patch name
     * @throws Refusal if the patch is refused; the JVM is unchanged
     * @throws ConnectionLost if the agent cannot be reached
     */
    String load(String jar, boolean strict) throws Refusal, ConnectionLost;

    /**
     * Starts the unpatching transition of an enabled patch, or reverses its patching transition.
     *
     * @param patch the patch name
     * @throws Refusal if there is no such patch, it is disabled, or another patch is in
     *     transition
     * @throws ConnectionLost if the agent cannot be reached
     */
    void disable(String patch) throws Refusal, ConnectionLost;

    /**
     * Reverses the unpatching transition of the patch in transition.
     *
     * @param patch the patch name
     * @throws Refusal if the patch is not the one in an unpatching transition
     * @throws ConnectionLost if the agent cannot be reached
     */
    void enable(String patch) throws Refusal, ConnectionLost;

    /**
     * Switches every pending thread to the target state without checking its stack, completing
     * the transition; consistency is no longer guaranteed.
     *
     * @throws Refusal if no transition is in progress
     * @throws ConnectionLost if the agent cannot be reached
     */
    void force() throws Refusal, ConnectionLost;

    /**
     * @return the agent's status; answered at once, the latest read while the engine is held
     * @throws ConnectionLost if the agent cannot be reached
     */
    Status status() throws ConnectionLost;

    /**
     * @return the patch state of every live thread
     * @throws ConnectionLost if the agent cannot be reached
     */
    List<ThreadState> threadStates() throws ConnectionLost;

    /**
     * @param afterSequence only events after this sequence number (0 for all kept)
     * @return the kept events, oldest first
     * @throws ConnectionLost if the agent cannot be reached
     */
    List<Event> events(long afterSequence) throws ConnectionLost;

    /**
     * @return the audit trail kept in memory, oldest first
     * @throws ConnectionLost if the agent cannot be reached
     */
    List<AuditRecord> audit() throws ConnectionLost;

    /**
     * Waits until no transition of the patch runs any more, or the timeout passes; the agent
     * answers when the transition ends.
     *
     * @param patch the patch name
     * @param timeout how long to wait at most
     * @param afterSequence the last event the caller has seen: later ones are passed to
     *     {@code progress} and listed in the result
     * @param progress hears the events and, every few seconds, that the wait goes on
     * @return where the patch stands, with the status that showed it and the events seen
     * @throws ConnectionLost if the agent cannot be reached
     * @throws InterruptedException if interrupted while waiting
     */
    TransitionEnd awaitTransition(String patch, Duration timeout, long afterSequence,
            TransitionProgress progress) throws ConnectionLost, InterruptedException;

    /** Closes the connection; the agent goes on. */
    @Override
    void close();
}
