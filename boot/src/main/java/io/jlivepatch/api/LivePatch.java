package io.jlivepatch.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the one class of a patch jar that stands for the patch itself (the kernel's
 * {@code struct klp_patch}).
 *
 * <p>A patch jar is an ordinary jar of compiled classes: exactly one class carries
 * {@code @LivePatch}, and every class that changes a target class carries {@link Patch}. The
 * engine reads the jar with a bytecode reader and never loads its classes, so the class annotated
 * here needs no body; an empty class is usual:
 *
 * <pre>{@code
 * @LivePatch(name = "billing-fix-1", description = "Round totals half-up")
 * final class BillingFix1 {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface LivePatch {

    /**
     * The patch name: unique among the patches loaded in one JVM; used by {@code jlp status},
     * {@code jlp disable} and in every event ({@code livepatch: enabling patch 'NAME'}). Letters,
     * digits, {@code .}, {@code _} and {@code -} only.
     *
     * @return the patch name
     */
    String name();

    /**
     * Whether this is a cumulative patch that atomically replaces every enabled patch (the
     * kernel's {@code klp_patch.replace}).
     *
     * @return {@code true} for an atomic-replace patch
     */
    boolean replace() default false;

    /**
     * A one-line description shown by {@code jlp info} and {@code jlp status}.
     *
     * @return the description, or the empty string
     */
    String description() default "";

    /**
     * The system states this patch modifies, for the compatibility check at load and for
     * {@link PatchContext#state(long)} in callbacks.
     *
     * @return the states, at most one per id
     */
    State[] states() default {};
}
