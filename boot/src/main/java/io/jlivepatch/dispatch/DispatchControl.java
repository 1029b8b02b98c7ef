package io.jlivepatch.dispatch;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The engine's hold on dispatch: every operation that changes what woven methods run, or where
 * run-time support reports. This package is on the bootstrap class path, where every class of
 * the JVM can link against its public members; these operations are therefore not static
 * members of {@link Dispatch}, {@link FuncSite} or {@link EventSink}, but methods of an object
 * that only a holder of the JVM's own {@link Instrumentation} obtains, that is the engine (and any
 * other agent, which can redefine this class anyway). See {@code docs/design-notes.md}, "Engine
 * operations off the boot API".
 *
 * <p>Thread safety: as the operations it forwards to.
 */
public final class DispatchControl {

    private DispatchControl() {
    }

    /**
     * @param instrumentation the JVM's instrumentation, as handed to an agent
     * @return the control of dispatch
     * @throws SecurityException if {@code instrumentation} is not the JVM's own
     */
    public static DispatchControl grantedTo(Instrumentation instrumentation) {
        Module jvms = Instrumentation.class.getModule();
        if (instrumentation == null || !jvms.isNamed()
                || instrumentation.getClass().getModule() != jvms) {
            throw new SecurityException("jlivepatch: dispatch is controlled only by the holder"
                    + " of the JVM's own Instrumentation (an agent); got "
                    + (instrumentation == null ? "null" : instrumentation.getClass().getName()));
        }
        return new DispatchControl();
    }

    /**
     * Creates the dispatch state of one method, redirecting nothing.
     *
     * @param id the function id woven into the method's prologue
     * @param name the method's display name, for example {@code com.acme.Billing.total}
     * @param type the type of the prologue's call: the receiver (for instance methods) followed by
     *     the method's parameters, returning the method's return type
     * @return the dispatch state
     */
    public FuncSite newSite(int id, String name, MethodType type) {
        return new FuncSite(id, name, type);
    }

    /**
     * Makes a woven method's dispatch state reachable from its prologue.
     *
     * @param woven the class whose method is woven
     * @param site the dispatch state; its id must not be registered for that class yet
     */
    public void register(Class<?> woven, FuncSite site) {
        Dispatch.register(woven, site);
    }

    /**
     * Forgets a method whose prologue has been removed.
     *
     * @param woven the class whose method was woven
     * @param site the dispatch state to forget
     */
    public void unregister(Class<?> woven, FuncSite site) {
        Dispatch.unregister(woven, site);
    }

    /**
     * Sets the implementation a method runs outside transitions; see
     * {@link FuncSite#setSteady}.
     *
     * @param site the method
     * @param impl the replacement; {@code null} for the original body
     */
    public void setSteady(FuncSite site, MethodHandle impl) {
        site.setSteady(impl);
    }

    /**
     * Puts a method into the set of a transition; see {@link FuncSite#beginTransition}.
     *
     * @param site the method
     * @param policy the transition
     * @param previous the implementation before the transition; {@code null} for the original
     * @param target the implementation after it; {@code null} for the original
     */
    public void beginTransition(FuncSite site, TransitionPolicy policy, MethodHandle previous,
            MethodHandle target) {
        site.beginTransition(policy, previous, target);
    }

    /** @param site a method to take out of the transition set */
    public void endTransition(FuncSite site) {
        site.endTransition();
    }

    /**
     * Flips every woven method to the per-thread decision; see {@link Dispatch#startTransition}.
     *
     * @param policy decides per thread
     */
    public void startTransition(TransitionPolicy policy) {
        Dispatch.startTransition(policy);
    }

    /** Flips every woven method back to its steady binding; see {@link Dispatch#endTransition}. */
    public void endTransition() {
        Dispatch.endTransition();
    }

    /**
     * @param engine receives each class that calls {@link Dispatch#initializing}; {@code null}
     *     for none
     */
    public void onInitializing(Consumer<Class<?>> engine) {
        Dispatch.onInitializing(engine);
    }

    /**
     * @param engineSink receives every report of run-time support; {@code null} to report
     *     through the logger again
     */
    public void installEventSink(BiConsumer<EventSink.Level, String> engineSink) {
        EventSink.install(engineSink);
    }
}
