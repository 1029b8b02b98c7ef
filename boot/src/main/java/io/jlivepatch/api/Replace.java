package io.jlivepatch.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link Patch} class that replaces the target method with the same name,
 * descriptor and static-ness (the kernel's {@code struct klp_func}).
 *
 * <p>Once the patch is enabled, every call of the target method runs this body instead, with the
 * target instance as {@code this}. The target method may not be abstract, native, a constructor or
 * a class initialiser.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Replace {
}
