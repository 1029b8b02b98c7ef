package io.jlivepatch.api;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A system state that a patch modifies (the kernel's {@code struct klp_state}), declared in
 * {@link LivePatch#states()}.
 *
 * <p>States make cumulative replacement and downgrade safe: at load, before anything else, a
 * patch is refused unless it is compatible with every state of the enabled patches. A patch
 * with a state of the same id must have the same or a higher version; a replace patch must
 * carry every state of the patches it replaces; a non-replace patch may ignore them. Callbacks
 * read the patch's own state with {@link PatchContext#state(long)} and, during a transition, the
 * state of the previous patch with {@link PatchContext#previousState(long)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface State {

    /**
     * The state id: non-zero, shared by every patch that modifies the same system state.
     *
     * @return the id
     */
    long id();

    /**
     * The version of the modification: a patch may only take over a state of the same or a
     * lower version.
     *
     * @return the version
     */
    int version() default 1;
}
