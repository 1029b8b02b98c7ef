package io.jlivepatch.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method of a {@link Patch} class as the object's pre-patch callback, run before
 * the patch's functions of this object are enabled: after the kernel's "initializing patching
 * transition", before "starting patching transition". It may return {@code int}: non-zero, or an
 * exception, refuses the patch, which is then cancelled cleanly (the kernel's {@code pre_patch}
 * returning an error).
 *
 * <p>The method is static, returns {@code void} or {@code int}, and takes no parameter or one {@link PatchContext}.
 * Callbacks run on the engine's thread, never on an application thread and never while a class
 * is being defined; an exception thrown by one is reported as an event and does not reach the
 * application. One that has not returned within the callback deadline (the system property
 * {@code jlivepatch.callbackTimeout}, default 10 s) is interrupted and counts as failed, so that
 * it cannot hold the engine. Callbacks of patches that an atomic-replace patch replaces never
 * run.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PrePatch {
}
