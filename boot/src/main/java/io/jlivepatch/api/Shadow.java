package io.jlivepatch.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field or method of a {@link Patch} class that stands for the target's own member with
 * the same name, type and static-ness. It is never copied: references to it are rewritten to the
 * target's member, private ones included. A shadow method's body is never run, so declare it
 * {@code abstract} (in an abstract patch class) or give it any body that compiles.
 *
 * <p>Not to be confused with shadow variables, which attach new data to existing objects.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Shadow {
}
