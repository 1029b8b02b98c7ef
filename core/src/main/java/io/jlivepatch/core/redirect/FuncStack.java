package io.jlivepatch.core.redirect;

import io.jlivepatch.dispatch.DispatchControl;
import io.jlivepatch.dispatch.FuncSite;
import io.jlivepatch.dispatch.TransitionPolicy;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The function stack of one woven method (the kernel's {@code klp_ops.func_stack}): the
 * implementations that enabled patches give it, newest on top. The top entry wins outside
 * transitions; an entry with no implementation (a nop) means the original body.
 *
 * <p>Guarded by the engine's lock.
 */
public final class FuncStack {

    /**
     * One patch's function on the stack.
     *
     * @param owner the patch's function instance, identifying the entry
     * @param impl the replacement, or {@code null} for a nop
     * @param order the patch's place in the order patches were loaded: entries of later
     *     patches are above entries of earlier ones
     */
    public record Entry(Object owner, MethodHandle impl, long order) {
    }

    private final Class<?> targetClass;
    private final String methodKey;
    private final FuncSite site;
    private final DispatchControl dispatch;
    private final List<Entry> entries = new ArrayList<>();

    FuncStack(Class<?> targetClass, String methodKey, FuncSite site, DispatchControl dispatch) {
        this.targetClass = targetClass;
        this.methodKey = methodKey;
        this.site = site;
        this.dispatch = dispatch;
    }

    /** @return the class declaring the method */
    public Class<?> targetClass() {
        return targetClass;
    }

    /** @return {@code name + descriptor} of the method */
    public String methodKey() {
        return methodKey;
    }

    /** @return the method's dispatch state */
    public FuncSite site() {
        return site;
    }

    /**
     * Binds the method, outside transitions, to the top of the stack. Only while no compiled
     * code depends on the binding: before any code of the class ran, or during a transition.
     */
    public void bindSteady() {
        dispatch.setSteady(site, topImpl());
    }

    /**
     * Puts the method into the set of a transition.
     *
     * @param policy the transition
     * @param previous what threads not yet switched run; {@code null} for the original
     * @param next what switched threads run; {@code null} for the original
     */
    public void beginTransition(TransitionPolicy policy, MethodHandle previous,
            MethodHandle next) {
        dispatch.beginTransition(site, policy, previous, next);
    }

    /** Takes the method out of the transition set: its steady binding applies again. */
    public void endTransition() {
        dispatch.endTransition(site);
    }

    /**
     * Puts an entry above the entries of patches loaded before its own: on top, except for a
     * class patched when it initialised, whose stack may already hold a later patch's entry.
     *
     * @param entry the entry
     */
    public void push(Entry entry) {
        int at = entries.size();
        while (at > 0 && entries.get(at - 1).order() > entry.order()) {
            at--;
        }
        entries.add(at, entry);
    }

    /**
     * Removes the entry of an owner, wherever it is in the stack.
     *
     * @param owner the owner of the entry
     */
    public void remove(Object owner) {
        entries.removeIf(e -> e.owner() == owner);
    }

    /** @return the implementation of the top entry; {@code null} for the original body */
    public MethodHandle topImpl() {
        return entries.isEmpty() ? null : entries.get(entries.size() - 1).impl();
    }

    /**
     * @param owner an owner whose entry to leave out
     * @return the implementation that would be on top without that owner's entry
     */
    public MethodHandle topImplWithout(Object owner) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).owner() != owner) {
                return entries.get(i).impl();
            }
        }
        return null;
    }

    /** @return whether the owner has an entry */
    public boolean contains(Object owner) {
        return entries.stream().anyMatch(e -> e.owner() == owner);
    }

    /** @return whether no patch uses the method any more */
    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
