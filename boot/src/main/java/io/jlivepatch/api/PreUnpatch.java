package io.jlivepatch.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method of a {@link Patch} class as the object's pre-unpatch callback, run before
 * the unpatching transition starts, and only if the post-patch callback of this object ran.
 *
 * <p>The method is static, returns {@code void}, and takes no parameter or one {@link PatchContext}.
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
public @interface PreUnpatch {
}
