package io.jlivepatch.core.mbean;

import io.jlivepatch.core.model.PatchException;

/**
 * The engine's management interface, registered as {@value #OBJECT_NAME} by the agent: what
 * {@code /sys/kernel/livepatch} is to the kernel. The {@code jlp} CLI talks to it over a local
 * JMX connection.
 */
public interface LivePatchMXBean {

    /** The object name under which the agent registers this bean. */
    String OBJECT_NAME = "io.jlivepatch:type=LivePatch";

    /**
     * Loads a patch jar and enables it (load = enable). Returns once the patching transition has
     * started; it may still be in progress (see {@link #getStatusJson()}).
     *
     * @param jarPath the patch jar's path, as seen by the target JVM
     * @return the patch name
     * @throws PatchException if the patch is refused; the JVM is unchanged
     */
    String load(String jarPath) throws PatchException;

    /**
     * Like {@link #load}, but refuses a patch a target class of which exists nowhere in the JVM
     * (not loaded, and no class loader can find it): most often a typo ({@code jlp load
     * --strict}).
     *
     * @param jarPath the patch jar's path in the JVM's file system
     * @return the patch name
     * @throws PatchException if the patch is refused; the JVM is unchanged
     */
    String loadStrict(String jarPath) throws PatchException;

    /**
     * Disables an enabled patch: starts its unpatching transition, or reverses the transition
     * of the patch in transition.
     *
     * @param name the patch name
     * @throws PatchException if there is no such patch, it is disabled already, or another
     *     patch is in transition
     */
    void disable(String name) throws PatchException;

    /**
     * Reverses the unpatching transition of the patch in transition. A disabled patch cannot be
     * enabled again: load its jar again instead.
     *
     * @param name the patch name
     * @throws PatchException if the patch is not the one in an unpatching transition
     */
    void enable(String name) throws PatchException;

    /**
     * Switches every thread still pending to the target state without checking its stack (the
     * kernel's {@code force}), completing the transition. Consistency is no longer guaranteed;
     * the patch of a forced unpatching transition can never be loaded again in this JVM.
     *
     * @throws PatchException if no transition is in progress
     */
    void force() throws PatchException;

    /**
     * @return the patch state of every live thread (the kernel's {@code /proc/PID/patch_state})
     *     as a JSON array of {@code {"name":..,"id":..,"patchState":-1|0|1}}
     */
    String getThreadStatesJson();

    /** @return the engine's state as the JSON document of {@code jlp status --json} */
    String getStatusJson();

    /**
     * @param afterSequence only events after this sequence number (0 for all kept)
     * @return a JSON array of {@code {"sequence":..,"time":..,"level":..,"message":..}}
     */
    String eventsJson(long afterSequence);

    /**
     * @return the audit trail kept in memory, oldest first: {@code [{"time":..,"user":..,
     *     "pid":..,"action":..,"patch":..,"jar":..,"sha256":..,"outcome":..}]}, one record per
     *     load, disable, enable and force asked for
     */
    String auditJson();

    /** @return the kept events as text lines, oldest first */
    String[] getEvents();

    /** @return the names of the patches, in stack order */
    String[] getPatchNames();

    /** @return {@code "NAME PATCHED"} or {@code "NAME UNPATCHED"}, or empty outside transitions */
    String getTransition();

    /** @return the jlivepatch version running in this JVM */
    String getVersion();
}
