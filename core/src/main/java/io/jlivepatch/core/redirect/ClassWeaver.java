package io.jlivepatch.core.redirect;

import io.jlivepatch.core.bytecode.ConstructorBody;
import io.jlivepatch.core.bytecode.InitializerHook;
import io.jlivepatch.core.bytecode.PrologueWeaver;
import io.jlivepatch.dispatch.EventSink;
import io.jlivepatch.core.bytecode.TargetShape;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's one retransformation-capable transformer: it weaves prologues into the methods
 * each class's plan names, and records the bytes the JVM reports for the class.
 *
 * <p>A retransformation-capable transformer receives the class as it was defined (or last
 * redefined), never its earlier retransformations, with the changes of the capable transformers
 * registered before it (other agents). When none of them changes a class, each retransformation
 * weaves from the original again, and an empty plan gives the original class back byte for byte.
 * When one does, the class is woven beneath it by redefinition instead ({@link AgentsAhead}).
 *
 * <p>Thread safety: plans and captures are concurrent maps. The transformer never takes the
 * engine's lock (it may run on any thread) and never lets an exception escape into the JVM.
 */
public final class ClassWeaver implements ClassFileTransformer {

    private static final byte[] REQUESTED = new byte[0];
    /** Set on a thread while the weaver itself retransforms or redefines classes on it. */
    static final ThreadLocal<Boolean> WEAVING = new ThreadLocal<>();

    private final Instrumentation instrumentation;
    private final AgentsAhead agentsAhead;
    /** Weaves again the classes another agent retransformed: one daemon thread, when needed. */
    private final ExecutorService reweaving = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "jlivepatch-reweave");
        thread.setDaemon(true);
        return thread;
    });
    /** Weak keys, like every map of classes here: a plan keeps no class loader alive. */
    private final Map<Class<?>, Map<String, Integer>> plans =
            Collections.synchronizedMap(new WeakHashMap<>());
    /**
     * The whole bodies woven into constructors (by class and method key), beside their plans:
     * a body stays while its method is woven, whether or not a patch still answers it.
     */
    private final Map<Class<?>, Map<String, List<ConstructorBody>>> bodies =
            Collections.synchronizedMap(new WeakHashMap<>());
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

    /** Internal names of the classes that patches wait for (targets not bound yet). */
    private volatile Set<String> awaited = Set.of();
    /**
     * Classes defined with the initialiser hook and not initialised yet, per loader. Static, as
     * the next one: they describe classes of this JVM, which any weaver created later (a new
     * engine) must know to retransform them.
     */
    private static final Map<ClassLoader, Set<String>> HOOKED =
            Collections.synchronizedMap(new WeakHashMap<>());
    /**
     * Classes that had no static initialiser and were given one with the hook, per loader: a
     * retransformation may not remove it again.
     */
    private static final Map<ClassLoader, Set<String>> GIVEN_INITIALIZER =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** @param instrumentation the JVM's instrumentation; the weaver registers itself with it */
    public ClassWeaver(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
        this.agentsAhead = new AgentsAhead(instrumentation);
        instrumentation.addTransformer(this, true);
    }

    /** Removes the transformer (the classes keep what they have). */
    public void close() {
        instrumentation.removeTransformer(this);
        agentsAhead.close();
        reweaving.shutdownNow();
    }

    /**
     * The declared members of a class, read from the bytes the JVM reports for it: from the
     * cache, or by one retransformation that changes nothing.
     *
     * @param target the class
     * @return its shape
     * @throws UnmodifiableClassException if the class cannot be retransformed
     */
    public synchronized TargetShape shape(Class<?> target) throws UnmodifiableClassException {
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
     * file's. For a class that another agent's transformer ahead instruments, its class file
     * (the bytes beneath that agent). Also refreshes the class's cached shape.
     *
     * @param target the class
     * @return a copy of its bytes
     * @throws UnmodifiableClassException if the class cannot be retransformed, or another agent
     *     instruments it and it cannot be woven beneath that agent
     */
    public synchronized byte[] reportedBytes(Class<?> target)
            throws UnmodifiableClassException {
        byte[][] received = new byte[1][];
        byte[] bytes = agentsAhead.place(target, c -> received[0] = capture(c));
        if (bytes == null) {
            bytes = received[0] != null ? received[0] : capture(target);
        }
        shapes.put(target, TargetShape.of(bytes));
        return bytes.clone();
    }

    /**
     * @param target a class
     * @return whether another agent's transformer, registered before the weaver, instruments it
     *     (the class is woven beneath that agent)
     */
    public boolean alsoInstrumented(Class<?> target) {
        return agentsAhead.instrument(target);
    }

    /** Reads the bytes the JVM reports for a class, as a retransformation sees them. */
    private byte[] capture(Class<?> target) throws UnmodifiableClassException {
        agentsAhead.checkRedefinition(target);
        captured.put(target, REQUESTED);
        WEAVING.set(Boolean.TRUE);
        try {
            instrumentation.retransformClasses(target);
        } finally {
            WEAVING.remove();
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
     * Sets the classes that patches wait for: each of them defined from now on reports its
     * initialisation to {@code Dispatch.initializing} (see {@link InitializerHook}).
     *
     * @param binaryNames the class names, for example {@code com.acme.Billing$Line}
     */
    public void await(Set<String> binaryNames) {
        Set<String> internal = new HashSet<>();
        binaryNames.forEach(n -> internal.add(n.replace('.', '/')));
        awaited = Set.copyOf(internal);
    }

    /**
     * Notes that a class defined with the initialiser hook has reported its initialisation:
     * later retransformations no longer add the hook.
     *
     * @param type the class
     */
    public void initialized(Class<?> type) {
        Set<String> names = HOOKED.get(type.getClassLoader());
        if (names != null) {
            names.remove(type.getName().replace('.', '/'));
        }
    }

    private static boolean contains(Map<ClassLoader, Set<String>> names, ClassLoader loader,
            String internalName) {
        Set<String> of = names.get(loader);
        return of != null && of.contains(internalName);
    }

    private static void add(Map<ClassLoader, Set<String>> names, ClassLoader loader,
            String internalName) {
        names.computeIfAbsent(loader, l -> Collections.synchronizedSet(new HashSet<>()))
                .add(internalName);
    }

    /**
     * Sets the plans of some classes and retransforms them in one call, which the JVM applies
     * to all of them or to none.
     *
     * @param newPlans function id by method key, per class; an empty map restores the original
     * @throws WeaveException if the JVM refused the result; the plans are restored
     */
    public synchronized void apply(Map<Class<?>, Map<String, Integer>> newPlans)
            throws WeaveException {
        apply(newPlans, false);
    }

    /**
     * Weaves a class again after another agent retransformed it, on the weaver's own thread:
     * where it is woven is decided anew, and the transformers ahead wrap its prologue again.
     */
    private void reweave(Class<?> target) {
        reweaving.execute(() -> {
            ReweaveHook hook = reweaveHook;
            hook.beforeLock(target);
            try {
                weaveAgain(target);
            } finally {
                hook.done(target);
            }
        });
    }

    /** Weaves a class again with its plan as it is now, if it still has one. */
    private synchronized void weaveAgain(Class<?> target) {
        Map<String, Integer> plan = plans.get(target);
        if (plan == null || plan.isEmpty()) {
            return;
        }
        try {
            apply(Map.of(target, plan), true);
        } catch (WeaveException e) {
            EventSink.report(EventSink.Level.WARNING, "another agent retransformed '"
                    + target.getName() + "'; weaving it again failed: " + e.getMessage()
                    + "; its patches stay in effect without that agent's change");
        }
    }

    /**
     * Points on the reweave thread where the tests of its races with transitions stop it
     * ({@code ReweaveRaceTest}); none in production.
     */
    interface ReweaveHook {
        ReweaveHook NONE = new ReweaveHook() {
        };

        /** Before the reweave takes the weaver's lock and reads the class's plan. */
        default void beforeLock(Class<?> target) {
        }

        /** After the reweave (done, skipped or failed). */
        default void done(Class<?> target) {
        }
    }

    /** The reweave thread's hook; {@link ReweaveHook#NONE} but in tests. */
    static volatile ReweaveHook reweaveHook = ReweaveHook.NONE;

    private void apply(Map<Class<?>, Map<String, Integer>> newPlans, boolean placeAgain)
            throws WeaveException {
        Map<Class<?>, byte[]> beneath = beneath(newPlans, placeAgain);
        Map<Class<?>, Map<String, Integer>> old = new java.util.HashMap<>();
        for (Map.Entry<Class<?>, Map<String, Integer>> e : newPlans.entrySet()) {
            Map<String, Integer> previous = e.getValue().isEmpty() ? plans.remove(e.getKey())
                    : plans.put(e.getKey(), Map.copyOf(e.getValue()));
            old.put(e.getKey(), previous == null ? Map.of() : previous);
            failures.remove(e.getKey());
        }
        Class<?>[] classes = newPlans.keySet().toArray(new Class<?>[0]);
        WEAVING.set(Boolean.TRUE);
        try {
            redefine(beneath, newPlans);
            Class<?>[] others = newPlans.keySet().stream().filter(c -> !beneath.containsKey(c))
                    .toArray(Class<?>[]::new);
            if (others.length > 0) {
                instrumentation.retransformClasses(others);
            }
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
        } catch (UnmodifiableClassException | ClassNotFoundException | RuntimeException
                | LinkageError e) {
            restore(old, beneath);
            throw new WeaveException(classes.length == 1 ? classes[0].getName() : null,
                    "the JVM refused to retransform " + names(classes) + ": " + e, e);
        } catch (WeaveException e) {
            restore(old, beneath);
            throw e;
        } finally {
            WEAVING.remove();
        }
        newPlans.forEach((c, plan) -> {
            if (plan.isEmpty()) {
                agentsAhead.leave(c);
            }
        });
    }

    /**
     * The class file of each class to weave beneath other agents, deciding for those woven for
     * the first time.
     */
    private Map<Class<?>, byte[]> beneath(Map<Class<?>, Map<String, Integer>> newPlans,
            boolean placeAgain) throws WeaveException {
        Map<Class<?>, byte[]> beneath = new LinkedHashMap<>();
        for (Map.Entry<Class<?>, Map<String, Integer>> e : newPlans.entrySet()) {
            Class<?> c = e.getKey();
            byte[] file = agentsAhead.classFile(c);
            if (file == null && !e.getValue().isEmpty()
                    && (placeAgain || !plans.containsKey(c))) {
                try {
                    file = agentsAhead.place(c, this::capture);
                } catch (UnmodifiableClassException ex) {
                    throw new WeaveException(c.getName(), ex.getMessage(), ex);
                }
            }
            if (file != null) {
                beneath.put(c, file);
            }
        }
        return beneath;
    }

    /** Redefines each class woven beneath other agents: its class file with its plan. */
    private void redefine(Map<Class<?>, byte[]> beneath, Map<Class<?>, Map<String, Integer>> with)
            throws ClassNotFoundException, UnmodifiableClassException {
        if (beneath.isEmpty()) {
            return;
        }
        List<ClassDefinition> definitions = new ArrayList<>();
        beneath.forEach((c, file) -> {
            Map<String, Integer> plan = with.getOrDefault(c, Map.of());
            definitions.add(new ClassDefinition(c,
                    plan.isEmpty() ? file : woven(c, file, plan)));
        });
        instrumentation.redefineClasses(
                definitions.toArray(new ClassDefinition[0]));
    }

    private void restore(Map<Class<?>, Map<String, Integer>> old, Map<Class<?>, byte[]> beneath) {
        old.forEach((c, plan) -> {
            if (plan.isEmpty()) {
                plans.remove(c);
            } else {
                plans.put(c, plan);
            }
        });
        try {
            redefine(beneath, old);
            Class<?>[] others = old.keySet().stream().filter(c -> !beneath.containsKey(c))
                    .toArray(Class<?>[]::new);
            if (others.length > 0) {
                instrumentation.retransformClasses(others);
            }
        } catch (UnmodifiableClassException | ClassNotFoundException | RuntimeException
                | LinkageError e) {
            // The first redefinition or retransformation failed as a whole, so the classes
            // still hold what the restored plans describe; nothing more to undo.
        }
        old.forEach((c, plan) -> {
            if (plan.isEmpty()) {
                agentsAhead.leave(c);
            }
        });
    }

    private static String names(Class<?>[] classes) {
        List<String> names = new ArrayList<>();
        for (Class<?> c : classes) {
            names.add(c.getName());
        }
        return String.join(", ", names);
    }

    /** @return whether the weaver is retransforming or redefining classes on this thread */
    static boolean weaving() {
        return WEAVING.get() != null;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className,
            Class<?> classBeingRedefined, ProtectionDomain protectionDomain, byte[] bytes) {
        if (classBeingRedefined == null) {
            return defining(loader, className, bytes);
        }
        try {
            byte[] refusal = agentsAhead.probed(classBeingRedefined, bytes);
            if (refusal != null) {
                return refusal;
            }
            captured.computeIfPresent(classBeingRedefined, (c, b) -> bytes);
            boolean ours = weaving();
            if (!ours) {
                boolean[] changed = new boolean[1];
                byte[] passOn = agentsAhead.foreign(classBeingRedefined, bytes, changed);
                if (changed[0]) {
                    reweave(classBeingRedefined);
                }
                if (passOn != null) {
                    return passOn;
                }
            }
            boolean beneath = agentsAhead.instrument(classBeingRedefined);
            if (shapes.containsKey(classBeingRedefined) && !beneath) {
                shapes.put(classBeingRedefined, TargetShape.of(bytes));
            }
            // Beneath other agents the prologue is in the bytes the weaver redefined it with.
            Map<String, Integer> plan = beneath ? null : plans.get(classBeingRedefined);
            byte[] passedOn = plan == null || plan.isEmpty() ? bytes
                    : woven(classBeingRedefined, bytes, plan);
            // Retransformation starts from the bytes as defined: a class still waiting for its
            // initialisation keeps its hook.
            if (contains(HOOKED, loader, className)) {
                byte[] withHook = InitializerHook.add(passedOn);
                passedOn = withHook != null ? withHook : passedOn;
            } else if (contains(GIVEN_INITIALIZER, loader, className)) {
                passedOn = InitializerHook.keepEmpty(passedOn);
            }
            Map<String, Integer> planned = plans.get(classBeingRedefined);
            if (ours && planned != null && !planned.isEmpty()) {
                agentsAhead.woven(classBeingRedefined, beneath ? null : bytes, passedOn);
            }
            if (ours && beneath && passedOn == bytes) {
                // A copy, so that the JVM keeps exactly these bytes as the class's original
                // where it replaces it at a redefinition (JDK 25), as it does when an agent
                // ahead changes them.
                return bytes.clone();
            }
            return passedOn == bytes ? null : passedOn;
        } catch (Throwable t) {
            // Never into the JVM: the class stays as it is, and apply() reports the failure.
            failures.put(classBeingRedefined, t);
            return null;
        }
    }

    private byte[] woven(Class<?> target, byte[] bytes, Map<String, Integer> plan) {
        return PrologueWeaver.weave(bytes, plan, bodies.getOrDefault(target, Map.of()));
    }

    /**
     * Sets the whole bodies of a constructor, which the next {@link #apply} of its class weaves
     * beside the original (see {@code WholeConstructor}).
     *
     * @param target the class
     * @param methodKey the constructor
     * @param whole its bodies; empty for none
     */
    public synchronized void setBodies(Class<?> target, String methodKey,
            List<ConstructorBody> whole) {
        Map<String, List<ConstructorBody>> of = bodies.computeIfAbsent(target,
                c -> new ConcurrentHashMap<>());
        if (whole.isEmpty()) {
            of.remove(methodKey);
        } else {
            of.put(methodKey, List.copyOf(whole));
        }
    }

    /**
     * @param target a class
     * @param methodKey a constructor
     * @return the whole bodies set for it
     */
    public synchronized List<ConstructorBody> bodies(Class<?> target, String methodKey) {
        return bodies.getOrDefault(target, Map.of()).getOrDefault(methodKey, List.of());
    }

    /** A class being defined: one that patches wait for gets the initialiser hook. */
    private byte[] defining(ClassLoader loader, String className, byte[] bytes) {
        if (className == null || !awaited.contains(className)) {
            return null;
        }
        try {
            byte[] withHook = InitializerHook.add(bytes);
            if (withHook != null) {
                add(HOOKED, loader, className);
                if (!InitializerHook.hasInitializer(bytes)) {
                    add(GIVEN_INITIALIZER, loader, className);
                }
            }
            return withHook;
        } catch (Throwable t) {
            EventSink.report(EventSink.Level.WARNING, "cannot prepare class '"
                    + className.replace('/', '.') + "' for the patches waiting for it: " + t
                    + "; it will not be patched");
            return null;
        }
    }
}
