package io.jlivepatch.dispatch;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.Objects;

/**
 * The dispatch state of one woven method (one method of one class in one class loader): which
 * implementation its redirect prologue runs.
 *
 * <p>A woven method starts with two {@code invokedynamic} instructions, both bound to trees
 * built here once and never changed:
 * <pre>
 *   guard: Dispatch.ACTIVE ? transitionalGuard(this) : steadyGuard   // redirect at all?
 *   call:  Dispatch.ACTIVE ? transitionalImpl(this)  : steadyCall    // to what
 * </pre>
 * Outside transitions the steady call sites hold constants that the JIT folds and inlines, so a
 * patched method costs what its replacement costs. They are reset only while a transition is
 * active, when no compiled code depends on them, so resetting them deoptimises nothing; the two
 * flips of {@code Dispatch.ACTIVE} (start and completion) are the only deoptimisations of a
 * transition, however many methods it changes.
 *
 * <p>Thread safety: the engine writes under its own lock; the transition fields are volatile and
 * read by any thread running the method.
 */
public final class FuncSite {

    private static final MethodHandle NO_REDIRECT = MethodHandles.constant(boolean.class, false);
    private static final MethodHandle REDIRECT = MethodHandles.constant(boolean.class, true);

    private final int id;
    private final String name;
    private final MethodType type;
    private final MutableCallSite steadyGuard;
    private final MutableCallSite steadyCall;
    private final MethodHandle guardTree;
    private final MethodHandle callTree;
    private final MethodHandle unreachable;

    private volatile MethodHandle steadyImpl;
    private volatile TransitionData transition;

    /**
     * What the method runs during one transition, published as one value so that a thread
     * never combines one transition's policy with another's implementations.
     */
    private record TransitionData(TransitionPolicy policy, MethodHandle previous,
            MethodHandle target) {
    }

    /**
     * Creates the dispatch state of one method, redirecting nothing.
     *
     * @param id the function id woven into the method's prologue
     * @param name the method's display name, for example {@code com.acme.Billing.total}
     * @param type the type of the prologue's call: the receiver (for instance methods) followed by
     *     the method's parameters, returning the method's return type
     */
    public FuncSite(int id, String name, MethodType type) {
        this.id = id;
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.unreachable = Dispatch.unreachable(name, type);
        this.steadyGuard = new MutableCallSite(NO_REDIRECT);
        this.steadyCall = new MutableCallSite(unreachable);
        this.guardTree = MethodHandles.guardWithTest(Dispatch.activeTest(),
                Dispatch.TRANSITIONAL_GUARD.bindTo(this), steadyGuard.dynamicInvoker());
        MethodHandle transitionalCall = MethodHandles.foldArguments(
                MethodHandles.exactInvoker(type), Dispatch.TRANSITIONAL_IMPL.bindTo(this));
        this.callTree = MethodHandles.guardWithTest(
                MethodHandles.dropArguments(Dispatch.activeTest(), 0, type.parameterList()),
                transitionalCall, steadyCall.dynamicInvoker());
    }

    /** @return the function id woven into the method's prologue */
    public int id() {
        return id;
    }

    /** @return the method's display name */
    public String name() {
        return name;
    }

    /** @return the type of the prologue's call */
    public MethodType type() {
        return type;
    }

    MethodHandle guardTree() {
        return guardTree;
    }

    MethodHandle callTree() {
        return callTree;
    }

    /**
     * Sets the implementation run outside transitions. Call it only while no transition is
     * active in compiled code, that is before the method is first woven or while
     * {@link Dispatch#startTransition} is in effect.
     *
     * @param impl the replacement, of exactly {@link #type()}; {@code null} for the original body
     */
    public void setSteady(MethodHandle impl) {
        checkType(impl);
        steadyImpl = impl;
        steadyGuard.setTarget(impl == null ? NO_REDIRECT : REDIRECT);
        steadyCall.setTarget(impl == null ? unreachable : impl);
    }

    /**
     * Puts the method into the set of a transition: threads that the policy says are not yet
     * switched run {@code previous}, switched threads run {@code target}. Takes effect only while
     * {@code policy} is the transition started by {@link Dispatch#startTransition}.
     *
     * @param policy the transition
     * @param previous the implementation before the transition; {@code null} for the original
     * @param target the implementation after it; {@code null} for the original
     */
    public void beginTransition(TransitionPolicy policy, MethodHandle previous,
            MethodHandle target) {
        checkType(previous);
        checkType(target);
        transition = new TransitionData(policy, previous, target);
    }

    /** Takes the method out of the transition set; the steady implementation applies again. */
    public void endTransition() {
        transition = null;
    }

    /**
     * The implementation the calling thread runs now; {@code null} for the original.
     *
     * <p>A thread may have read the global transition flag long before it gets here, so the
     * transition data is used only if its transition is the one in progress now; otherwise the
     * steady implementation is right: it is what the previous transition completed with, and
     * what the next one starts from.
     */
    MethodHandle implementationForCurrentThread(boolean entering) {
        TransitionData data = transition;
        if (data == null || data.policy() != Dispatch.currentPolicy()) {
            return steadyImpl;
        }
        return data.policy().switched(this, entering) ? data.target() : data.previous();
    }

    /**
     * What a call runs when {@link #implementationForCurrentThread} finds no implementation for
     * the calling thread although the guard just before it chose to redirect: the thread's side
     * or the transition changed between the two. Seen about once in several hundred load and
     * disable transitions of 100 functions under 50 busy threads; the cause is not found yet.
     * Rather than fail the application's call, it runs the replacement the guard can have
     * chosen (the transition's previous one, else its target, else the steady one), and reports
     * it: the thread runs that replacement once after being counted as switched.
     *
     * @return the implementation to run
     */
    MethodHandle afterGuardRace() {
        TransitionData data = transition;
        MethodHandle impl = data == null ? null
                : data.previous() != null ? data.previous() : data.target();
        if (impl == null) {
            impl = steadyImpl;
        }
        EventSink.report(EventSink.Level.WARNING, "thread '" + Thread.currentThread().getName()
                + "' found no implementation of " + name + " after its guard chose to redirect;"
                + (impl == null ? " the call fails" : " it ran a replacement once more")
                + " (a known race of the transition, under investigation)");
        return impl != null ? impl : unreachable;
    }

    private void checkType(MethodHandle impl) {
        if (impl != null && !impl.type().equals(type)) {
            throw new IllegalArgumentException("implementation of " + name + " has type "
                    + impl.type() + ", expected " + type);
        }
    }

    @Override
    public String toString() {
        return "FuncSite[" + id + " " + name + type + "]";
    }
}
