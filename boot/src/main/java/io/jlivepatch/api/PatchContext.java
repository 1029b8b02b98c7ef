package io.jlivepatch.api;

/**
 * What a callback learns about the object it runs for (the kernel passes the
 * {@code klp_object}).
 */
public interface PatchContext {

    /** The {@link #objectName()} of a patch's JVM object. */
    String JVM = "jvm";

    /** @return the name of the patch the callback belongs to */
    String patchName();

    /**
     * @return the target class name of the object, or {@value #JVM} for the JVM object (a
     *     {@code @Patch} class without a target)
     */
    String objectName();

    /**
     * @return the class loader of the target class this callback runs for; {@code null} for the
     *     JVM object and for classes of the bootstrap loader
     */
    ClassLoader classLoader();

    /**
     * Writes a line to the engine's event log, as {@code "<patch name>: <message>"}: the
     * counterpart of a livepatch module's own kernel messages.
     *
     * @param message the text
     */
    void log(String message);

    /**
     * The kernel's {@code klp_get_state}: this patch's own state of an id.
     *
     * @param id the state id
     * @return the state, or {@code null} if the patch declares none with that id
     */
    SystemState state(long id);

    /**
     * The kernel's {@code klp_get_prev_state}: the state of that id of the newest patch below the
     * patch in transition, including the patches a replace patch is replacing. Valid only while
     * a transition is in progress, which is when callbacks of a patching or unpatching transition
     * run; {@code null} otherwise, and when no earlier patch has the state.
     *
     * @param id the state id
     * @return the previous patch's state, or {@code null}
     */
    SystemState previousState(long id);
}
