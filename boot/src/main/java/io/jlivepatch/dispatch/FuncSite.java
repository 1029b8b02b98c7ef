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
 * <p>A woven method starts with one {@code invokedynamic} that answers the implementation to
 * run ({@code null}: the original body), bound to a tree built here once and never changed:
 * <pre>
 *   Dispatch.ACTIVE ? transitionalImpl(this) : steady      // one decision per call
 * </pre>
 * The prologue invokes what it answers, or falls through to the original body; nothing after
 * the decision reads dispatch state again. Outside transitions {@code steady} holds a constant
 * that the JIT folds, with the {@code invokeExact} of it inlined, so a patched method costs what
 * its replacement costs. It is reset only while a transition is active, when no compiled code
 * depends on it, so resetting it deoptimises nothing; the two flips of {@code Dispatch.ACTIVE}
 * (start and completion) are the only deoptimisations of a transition, however many methods it
 * changes.
 *
 * <p>Thread safety: the engine writes under its own lock; the transition fields are volatile and
 * read by any thread running the method.
 */
public final class FuncSite {

    private static final MethodHandle ORIGINAL = MethodHandles.constant(MethodHandle.class, null);

    private final int id;
    private final String name;
    private final MethodType type;
    private final MutableCallSite steady;
    private final MethodHandle selector;

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
    FuncSite(int id, String name, MethodType type) {
        this.id = id;
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.steady = new MutableCallSite(ORIGINAL);
        this.selector = MethodHandles.guardWithTest(Dispatch.activeTest(),
                Dispatch.TRANSITIONAL_IMPL.bindTo(this), steady.dynamicInvoker());
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

    /** @return the prologue's decision: {@code ()MethodHandle}, {@code null} for the original */
    MethodHandle selector() {
        return selector;
    }

    /**
     * Sets the implementation run outside transitions. Call it only while no transition is
     * active in compiled code, that is before the method is first woven or while
     * {@link Dispatch#startTransition} is in effect.
     *
     * @param impl the replacement, of exactly {@link #type()}; {@code null} for the original body
     */
    void setSteady(MethodHandle impl) {
        checkType(impl);
        steadyImpl = impl;
        steady.setTarget(MethodHandles.constant(MethodHandle.class, impl));
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
    void beginTransition(TransitionPolicy policy, MethodHandle previous,
            MethodHandle target) {
        checkType(previous);
        checkType(target);
        transition = new TransitionData(policy, previous, target);
    }

    /** Takes the method out of the transition set; the steady implementation applies again. */
    void endTransition() {
        transition = null;
    }

    /**
     * The implementation the calling thread runs now; {@code null} for the original. The one
     * decision of a call: the prologue runs what this answers.
     *
     * <p>A thread may have read the global transition flag long before it gets here, so the
     * transition data is used only if its transition is the one in progress now; otherwise the
     * steady implementation is right: it is what the previous transition completed with, and
     * what the next one starts from.
     */
    MethodHandle implementationForCurrentThread() {
        TransitionData data = transition;
        if (data == null || data.policy() != Dispatch.currentPolicy()) {
            return steadyImpl;
        }
        return data.policy().switched(this) ? data.target() : data.previous();
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
