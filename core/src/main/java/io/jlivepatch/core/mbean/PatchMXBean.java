package io.jlivepatch.core.mbean;

/**
 * One patch, registered as {@code io.jlivepatch:type=Patch,name=NAME} while it is enabled or in
 * transition: the kernel's {@code /sys/kernel/livepatch/NAME}.
 */
public interface PatchMXBean {

    /** The object-name prefix; append the patch name, quoted with {@code ObjectName.quote}. */
    String OBJECT_NAME_PREFIX = "io.jlivepatch:type=Patch,name=";

    /** @return the kernel's {@code enabled}: true while patching or patched */
    boolean isEnabled();

    /**
     * Writing {@code false} disables the patch (or reverses its transition), {@code true}
     * reverses an unpatching transition; as the kernel's {@code enabled} attribute.
     *
     * @param enabled the requested state
     */
    void setEnabled(boolean enabled);

    /** @return whether this patch is in transition */
    boolean isTransition();

    /** @return whether this is an atomic-replace patch */
    boolean isReplace();

    /** @return the 1-based position of the patch in the stack */
    int getStackOrder();

    /** @return the patch description */
    String getDescription();

    /** @return where the patch was loaded from */
    String getSource();

    /**
     * @return one line per object instance:
     *     {@code "com.acme.X [loader] patched=true"}
     */
    String[] getObjects();

    /**
     * @return one line per function:
     *     {@code "com.acme.X.m(I)V [loader] patched=true transition=false"}
     */
    String[] getFunctions();
}
