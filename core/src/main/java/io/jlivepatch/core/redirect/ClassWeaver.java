package io.jlivepatch.core.redirect;

import io.jlivepatch.core.bytecode.PrologueWeaver;
import io.jlivepatch.core.bytecode.TargetShape;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's one retransformation-capable transformer: it weaves prologues into the methods
 * each class's plan names, and records the bytes the JVM reports for the class.
 *
 * <p>A retransformation-capable transformer always receives the class as it was defined (or last
 * redefined), never its earlier retransformations, so each retransformation weaves from the
 * original again, and an empty plan gives the original class back byte for byte.
 *
 * <p>Thread safety: plans and captures are concurrent maps. The transformer never takes the
 * engine's lock (it may run on any thread) and never lets an exception escape into the JVM.
 */
public final class ClassWeaver implements ClassFileTransformer {

    private static final byte[] REQUESTED = new byte[0];

    private final Instrumentation instrumentation;
    private final Map<Class<?>, Map<String, Integer>> plans = new ConcurrentHashMap<>();
    /** Classes whose bytes were asked for: {@link #REQUESTED} until the JVM reports them. */
    private final Map<Class<?>, byte[]> captured = new ConcurrentHashMap<>();
    private final Map<Class<?>, Throwable> failures = new ConcurrentHashMap<>();
    /**
     * The declared members of classes read once, kept fresh: every retransformation or
     * redefinition of such a class, by anyone, passes through this transformer, which reads the
     * shape again. Weak keys: a cached shape keeps no class loader alive.
     */
    private final Map<Class<?>, TargetShape> shapes =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** @param instrumentation the JVM's instrumentation; the weaver registers itself with it */
    public ClassWeaver(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
        instrumentation.addTransformer(this, true);
    }

    /** Removes the transformer (the classes keep what they have). */
    public void close() {
        instrumentation.removeTransformer(this);
    }

    /**
     * The declared members of a class, read from the bytes the JVM reports for it: from the
     * cache, or by one retransformation that changes nothing.
     *
     * @param target the class
     * @return its shape
     * @throws UnmodifiableClassException if the class cannot be retransformed
     */
    public TargetShape shape(Class<?> target) throws UnmodifiableClassException {
        TargetShape shape = shapes.get(target);
        if (shape == null) {
            shape = TargetShape.of(capture(target));
            shapes.put(target, shape);
        }
        return shape;
    }

    /**
     * The bytes the JVM reports for a class, read by one retransformation that changes nothing:
     * the class as it was defined (or last redefined), without any prologue, but with the
     * constant pool and member order of the JVM's reconstitution, not necessarily the class
     * file's. Also refreshes the class's cached shape.
     *
     * @param target the class
     * @return a copy of its bytes
     * @throws UnmodifiableClassException if the class cannot be retransformed
     */
    public byte[] reportedBytes(Class<?> target) throws UnmodifiableClassException {
        byte[] bytes = capture(target);
        shapes.put(target, TargetShape.of(bytes));
        return bytes.clone();
    }

    /** Reads the bytes the JVM reports for a class, as a retransformation sees them. */
    private byte[] capture(Class<?> target) throws UnmodifiableClassException {
        captured.put(target, REQUESTED);
        try {
            instrumentation.retransformClasses(target);
        } finally {
            failures.remove(target);
        }
        byte[] bytes = captured.remove(target);
        if (bytes == null || bytes == REQUESTED) {
            throw new UnmodifiableClassException("the JVM did not report the bytes of "
                    + target.getName());
        }
        return bytes;
    }

    /**
     * Sets the plans of some classes and retransforms them in one call, which the JVM applies
     * to all of them or to none.
     *
     * @param newPlans function id by method key, per class; an empty map restores the original
     * @throws WeaveException if the JVM refused the result; the plans are restored
     */
    public void apply(Map<Class<?>, Map<String, Integer>> newPlans) throws WeaveException {
        Map<Class<?>, Map<String, Integer>> old = new java.util.HashMap<>();
        for (Map.Entry<Class<?>, Map<String, Integer>> e : newPlans.entrySet()) {
            Map<String, Integer> previous = e.getValue().isEmpty() ? plans.remove(e.getKey())
                    : plans.put(e.getKey(), Map.copyOf(e.getValue()));
            old.put(e.getKey(), previous == null ? Map.of() : previous);
            failures.remove(e.getKey());
        }
        Class<?>[] classes = newPlans.keySet().toArray(new Class<?>[0]);
        try {
            instrumentation.retransformClasses(classes);
            List<String> failed = new ArrayList<>();
            Throwable cause = null;
            for (Class<?> c : classes) {
                Throwable failure = failures.remove(c);
                if (failure != null) {
                    failed.add(c.getName());
                    cause = failure;
                }
            }
            if (cause != null) {
                throw new WeaveException(failed.get(0), "cannot weave " + failed + ": " + cause,
                        cause);
            }
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
            restore(old, classes);
            throw new WeaveException(classes.length == 1 ? classes[0].getName() : null,
                    "the JVM refused to retransform " + names(classes) + ": " + e, e);
        } catch (WeaveException e) {
            restore(old, classes);
            throw e;
        }
    }

    private void restore(Map<Class<?>, Map<String, Integer>> old, Class<?>[] classes) {
        old.forEach((c, plan) -> {
            if (plan.isEmpty()) {
                plans.remove(c);
            } else {
                plans.put(c, plan);
            }
        });
        try {
            instrumentation.retransformClasses(classes);
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
            // The first retransformation failed as a whole, so the classes still hold what the
            // restored plans describe; nothing more to undo.
        }
    }

    private static String names(Class<?>[] classes) {
        List<String> names = new ArrayList<>();
        for (Class<?> c : classes) {
            names.add(c.getName());
        }
        return String.join(", ", names);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className,
            Class<?> classBeingRedefined, ProtectionDomain protectionDomain, byte[] bytes) {
        if (classBeingRedefined == null) {
            return null;
        }
        try {
            captured.computeIfPresent(classBeingRedefined, (c, b) -> bytes);
            if (shapes.containsKey(classBeingRedefined)) {
                shapes.put(classBeingRedefined, TargetShape.of(bytes));
            }
            Map<String, Integer> plan = plans.get(classBeingRedefined);
            if (plan == null || plan.isEmpty()) {
                return null;
            }
            return PrologueWeaver.weave(bytes, plan);
        } catch (Throwable t) {
            // Never into the JVM: the class stays as it is, and apply() reports the failure.
            failures.put(classBeingRedefined, t);
            return null;
        }
    }
}
