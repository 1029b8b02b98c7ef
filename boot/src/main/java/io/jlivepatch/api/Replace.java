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
 * target instance as {@code this}. The target method may not be abstract, native or a class
 * initialiser.
 *
 * <p>On a constructor of the patch class, it replaces the body of the target's constructor with
 * the same parameters <em>after</em> its {@code super(...)} or {@code this(...)} call: the target's
 * own call still runs with its own arguments, then the replacement runs with the initialised
 * {@code this}; the replacement's own {@code super(...)} call is not used. Everything javac puts
 * after that call is replaced, field initialisers included, so declare the {@link Shadow} fields
 * with the target's initialisers. A replacement that assigns a {@code final} field is refused:
 * it runs outside the constructor, where the JVM forbids that.
 *
 * <p>With {@link #withSuperCall()} on a constructor, the replacement is the whole constructor,
 * its own {@code super(...)} or {@code this(...)} call included: its code is placed in the
 * target's own constructor beside the original body, and each call runs one or the other as the
 * patch's consistency model decides for the calling thread. Such a replacement may assign final
 * fields, but may use only members the running class has.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface Replace {

    /**
     * On a constructor: whether the replacement's own {@code super(...)} or {@code this(...)}
     * call replaces the target's too (the whole constructor is replaced). Ignored on methods.
     *
     * @return {@code true} to replace the whole constructor
     */
    boolean withSuperCall() default false;
}
