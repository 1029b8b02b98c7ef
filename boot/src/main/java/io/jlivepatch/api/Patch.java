package io.jlivepatch.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a patch object: a class written as if it were the target class (the kernel's
 * {@code struct klp_object}).
 *
 * <p>Its methods annotated {@link Replace} replace the target's methods with the same name and
 * descriptor. Its members annotated {@link Shadow} stand for the target's own fields and methods,
 * so the replacement compiles against them; references to them are rewritten to the target and
 * their bodies are never used. Every other method is a helper, carried along with the
 * replacements. Replacement code runs with the target's private access, as if it had been
 * compiled into the target.
 *
 * <pre>{@code
 * @Patch("com.acme.Billing")
 * abstract class BillingPatch {
 *     @Shadow private BigDecimal rate;
 *     @Shadow abstract BigDecimal net(List<Item> items);
 *
 *     @Replace
 *     BigDecimal total(List<Item> items) {
 *         return net(items).multiply(rate).setScale(2, RoundingMode.HALF_UP);
 *     }
 * }
 * }</pre>
 *
 * <p>Where the target type itself is needed, for example to pass {@code this} to another class,
 * write {@code (Billing) (Object) this}: the patch class is not a subtype of the target at compile
 * time, but at run time the replacement runs with the target instance as {@code this}.
 *
 * <p>A patch class may extend the target's superclass, so that {@code super.m()} compiles; such
 * calls reach the target's superclass at run time.
 *
 * <p>Static methods annotated {@link PrePatch}, {@link PostPatch}, {@link PreUnpatch} or
 * {@link PostUnpatch} are the object's callbacks.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Patch {

    /**
     * The binary name of the target class, for example {@code "com.acme.Billing"} or
     * {@code "com.acme.Billing$Line"}. Empty for the patch's <em>JVM object</em> (the kernel's
     * vmlinux object): always present, it holds only callbacks, and its callbacks see
     * {@link PatchContext#objectName()} {@code "jvm"}.
     *
     * @return the target class name, or the empty string for the JVM object
     */
    String value() default "";

    /**
     * A regular expression that the name of the target's class loader
     * ({@link ClassLoader#getName()}) must match in full; empty for every loader. The bootstrap
     * loader's name is {@code "bootstrap"}. Unnamed loaders of the servers applications are
     * deployed to have the names {@code jlp status} shows: {@code "spring-boot"} for the loader of
     * a Spring Boot executable jar, {@code "webapp:/shop"} for a Tomcat web application deployed
     * at {@code /shop} ({@code "webapp:/"} for the root one), so that {@code "webapp:/shop"}
     * patches that application alone and {@code "webapp:.*"} every one. Any other loader without
     * a name matches only the empty expression.
     *
     * @return the loader-name pattern, or the empty string for any loader
     */
    String loader() default "";

    /**
     * The semantic hash of the target class this object was built against, as {@code jlp build}
     * writes it: 16 hex digits of a digest of the class's structure and method bodies, which
     * ignores debug information and the order of the constant pool and of the members. The
     * engine refuses the object, before changing anything, when the running class has another
     * hash: the patch was made for another version of the class. Empty for no check, as in
     * hand-written patches.
     *
     * @return the target's pinned semantic hash, or the empty string
     */
    String hash() default "";
}
