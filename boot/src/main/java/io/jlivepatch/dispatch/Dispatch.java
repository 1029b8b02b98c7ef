package io.jlivepatch.dispatch;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The bootstrap methods of redirect prologues and the registry of woven methods.
 *
 * <p>This class lives on the bootstrap class path in agent mode, so that classes of every class
 * loader link against the same copy. It is an implementation detail of the engine: patch authors
 * never call it.
 *
 * <p>Only the bootstraps and {@link #initializing}, which woven code links to, and
 * {@link #registeredCount} are public; the engine reaches the rest through
 * {@link DispatchControl}.
 *
 * <p>Thread safety: the registry is a concurrent map; {@link #ACTIVE} is flipped only by the
 * engine, under its lock; the transition policy is a volatile reference.
 */
public final class Dispatch {

    /**
     * The prologue's one decision: {@code invokedynamic impl()MethodHandle} bootstrapped with the
     * function id and the call type; answers the implementation to run, {@code null} for the
     * original body.
     */
    public static final String IMPL_NAME = "impl";

    /**
     * Whether a transition is active: constant {@code false} outside transitions. One flip of
     * this site at the start and one at the completion of a transition switch every woven method
     * between its constant steady binding and its per-thread transitional binding.
     */
    private static final MutableCallSite ACTIVE =
            new MutableCallSite(MethodHandles.constant(boolean.class, false));
    private static final MethodHandle ACTIVE_TEST = ACTIVE.dynamicInvoker();

    static final MethodHandle TRANSITIONAL_IMPL;
    private static final MethodHandle MAKE_PROXY;
    private static final MethodHandle FAILURE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TRANSITIONAL_IMPL = lookup.findStatic(Dispatch.class, "transitionalImpl",
                    MethodType.methodType(MethodHandle.class, FuncSite.class));
            MAKE_PROXY = lookup.findStatic(Dispatch.class, "makeProxy",
                    MethodType.methodType(Object.class, Class.class, MethodHandle.class,
                            MethodType.class, Object[].class));
            FAILURE = lookup.findConstructor(IllegalStateException.class,
                    MethodType.methodType(void.class, String.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The woven methods of each class, by function id. Held by the class itself (a
     * {@link ClassValue}), so that a registered method keeps no class loader alive: the sites
     * refer to replacements defined in the woven class's own loader.
     */
    private static final ClassValue<Map<Integer, FuncSite>> SITES = new ClassValue<>() {
        @Override
        protected Map<Integer, FuncSite> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };
    /** Every registered site, weakly: a site of a class that was unloaded is not counted. */
    private static final Map<FuncSite, Boolean> REGISTERED =
            Collections.synchronizedMap(new WeakHashMap<>());
    private static volatile TransitionPolicy policy;
    private static volatile Consumer<Class<?>> initializing;

    private Dispatch() {
    }

    /**
     * Bootstrap of a prologue's decision.
     *
     * @param caller the woven class
     * @param name {@value #IMPL_NAME}
     * @param type {@code ()MethodHandle}
     * @param funcId the woven method's function id
     * @param callType the type the prologue invokes the answer with: the receiver (instance
     *     methods) and parameters, returning the method's type
     * @return a call site answering, once per call, the implementation the calling thread runs:
     *     {@code null} for the original body
     */
    public static CallSite impl(MethodHandles.Lookup caller, String name, MethodType type,
            int funcId, MethodType callType) {
        FuncSite site = SITES.get(caller.lookupClass()).get(funcId);
        if (site == null) {
            // Woven for a patch that has since gone: the original body runs.
            return new ConstantCallSite(MethodHandles.constant(MethodHandle.class, null));
        }
        if (!site.type().equals(callType)) {
            return new ConstantCallSite(MethodHandles.constant(MethodHandle.class,
                    unreachable(site.name() + " (woven as " + callType + ", registered as "
                            + site.type() + ")", callType)));
        }
        return new ConstantCallSite(site.selector());
    }

    /**
     * Bootstrap of a {@code super.m(...)} call made by a replacement, which runs in a hidden
     * nestmate of the target, where {@code invokespecial} would not verify.
     *
     * @param caller the hidden class holding the replacement
     * @param name the method name
     * @param type the receiver (the target class) followed by the parameters
     * @param owner the superclass or interface named by the original {@code invokespecial}
     * @return a call site bound to the super method as seen from the target class
     * @throws ReflectiveOperationException if the method cannot be found or accessed
     */
    public static CallSite invokeSpecial(MethodHandles.Lookup caller, String name,
            MethodType type, Class<?> owner) throws ReflectiveOperationException {
        Class<?> target = caller.lookupClass().getNestHost();
        MethodHandles.Lookup targetLookup = MethodHandles.privateLookupIn(target, caller);
        MethodHandle special = targetLookup.findSpecial(owner, name, type.dropParameterTypes(0, 1),
                target);
        return new ConstantCallSite(special.asType(type));
    }

    /**
     * Bootstrap of a lambda or method reference in a replacement, used instead of
     * {@code LambdaMetafactory.metafactory} on every JDK: the lambda class that one spins cannot
     * name a hidden class (JDK 17), or keeps it loaded as long as its loader (JDK 25). The
     * functional interface instance is a
     * {@link MethodHandleProxies#asInterfaceInstance} proxy over the implementation with the
     * captured values bound. Same arguments as {@code metafactory}.
     *
     * @param caller the hidden class holding the replacement
     * @param name the interface method name
     * @param factoryType the captured values, returning the functional interface
     * @param samType the erased interface method type
     * @param impl the lambda body or referenced method
     * @param instantiated the interface method type as instantiated
     * @return a call site that makes the functional interface instance
     */
    public static CallSite lambda(MethodHandles.Lookup caller, String name,
            MethodType factoryType, MethodType samType, MethodHandle impl,
            MethodType instantiated) {
        MethodHandle make = MethodHandles.insertArguments(MAKE_PROXY, 0,
                factoryType.returnType(), impl, instantiated);
        return new ConstantCallSite(make.asCollector(Object[].class,
                factoryType.parameterCount()).asType(factoryType));
    }

    private static Object makeProxy(Class<?> functionalInterface, MethodHandle impl,
            MethodType instantiated, Object[] captured) {
        MethodHandle bound = MethodHandles.insertArguments(impl, 0, captured);
        return MethodHandleProxies.asInterfaceInstance(functionalInterface,
                bound.asType(instantiated));
    }

    /**
     * Makes a woven method's dispatch state reachable from its prologue.
     *
     * @param woven the class whose method is woven
     * @param site the dispatch state; its id must not be registered for that class yet
     */
    static void register(Class<?> woven, FuncSite site) {
        FuncSite previous = SITES.get(woven).putIfAbsent(site.id(), site);
        if (previous != null) {
            throw new IllegalStateException("function id " + site.id() + " already used by "
                    + previous.name());
        }
        REGISTERED.put(site, Boolean.TRUE);
    }

    /**
     * Forgets a method whose prologue has been removed.
     *
     * @param woven the class whose method was woven
     * @param site the dispatch state to forget
     */
    static void unregister(Class<?> woven, FuncSite site) {
        SITES.get(woven).remove(site.id(), site);
        REGISTERED.remove(site);
    }

    /**
     * @return the number of woven methods registered and not unregistered, of classes that
     *     were not unloaded
     */
    public static int registeredCount() {
        return REGISTERED.size();
    }

    /**
     * Called first by the static initialiser of a class that patches were waiting for (the
     * engine adds the call when such a class is defined): the engine patches the class before
     * any of its code runs, or throws an {@link Error} that fails the class's initialisation.
     *
     * @param type the class being initialised
     */
    public static void initializing(Class<?> type) {
        Consumer<Class<?>> engine = initializing;
        if (engine != null) {
            engine.accept(type);
        }
    }

    /**
     * @param engine receives each class that calls {@link #initializing}; {@code null} for none
     */
    static void onInitializing(Consumer<Class<?>> engine) {
        initializing = engine;
    }

    /**
     * Starts a transition: every woven method now asks {@code policy} at each call which side
     * the calling thread runs. One flip, whatever the number of methods.
     *
     * <p>When this returns the flip is complete: HotSpot's {@code setTarget} invalidates, with a
     * handshake of every thread, the compiled code that has the old value built in before it
     * returns. Before it returns (on JDK 21+ the new value is visible to code that reads the
     * site at run time before that handshake) a thread may run both bindings; the policy must not
     * switch any thread until then.
     *
     * @param transitionPolicy decides per thread
     */
    static void startTransition(TransitionPolicy transitionPolicy) {
        policy = transitionPolicy;
        ACTIVE.setTarget(MethodHandles.constant(boolean.class, true));
        MutableCallSite.syncAll(new MutableCallSite[] {ACTIVE});
    }

    /**
     * Ends a transition: every woven method runs its steady binding again. One flip; the policy
     * answers until it is complete.
     */
    static void endTransition() {
        ACTIVE.setTarget(MethodHandles.constant(boolean.class, false));
        MutableCallSite.syncAll(new MutableCallSite[] {ACTIVE});
        policy = null;
    }

    static MethodHandle activeTest() {
        return ACTIVE_TEST;
    }

    static TransitionPolicy currentPolicy() {
        return policy;
    }

    private static MethodHandle transitionalImpl(FuncSite site) {
        return site.implementationForCurrentThread();
    }

    /**
     * @return a handle of {@code type} that throws, at each call, a new exception saying that
     *     nothing is bound for {@code name}
     */
    static MethodHandle unreachable(String name, MethodType type) {
        MethodHandle failure = MethodHandles.insertArguments(FAILURE, 0,
                "jlivepatch: no replacement is bound for " + name);
        MethodHandle thrower = MethodHandles.foldArguments(MethodHandles.throwException(
                type.returnType(), IllegalStateException.class), failure);
        return MethodHandles.dropArguments(thrower, 0, type.parameterList());
    }
}
