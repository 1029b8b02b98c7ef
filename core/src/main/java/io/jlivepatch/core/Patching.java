package io.jlivepatch.core;

import io.jlivepatch.core.LoadedPatch.FunctionInstance;
import io.jlivepatch.core.LoadedPatch.ObjectInstance;
import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.bytecode.ConstructorBody;
import io.jlivepatch.core.load.BoundObject;
import io.jlivepatch.core.load.PatchBinder;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.model.PatchException.Kind;
import io.jlivepatch.core.model.PatchFunction;
import io.jlivepatch.core.redirect.FuncStack;
import io.jlivepatch.core.redirect.FuncStacks;
import io.jlivepatch.core.redirect.WeaveException;
import io.jlivepatch.core.transition.Transition.Change;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a patch does to function stacks (the kernel's patch.c): obtain the stacks of the
 * functions it replaces, weaving the prologue where none is, push its functions, add the nops of
 * a replace patch, take them back, and release the stacks no patch uses. Used by the engine's
 * life cycle and by classes that arrive later.
 *
 * <p>Guarded by the engine's lock.
 */
final class Patching {

    private final FuncStacks stacks;
    private final EventLog events;

    Patching(FuncStacks stacks, EventLog events) {
        this.stacks = stacks;
        this.events = events;
    }

    /**
     * The kernel's {@code klp_patch_object} for every object of a patch being enabled, and
     * {@code klp_add_nops} for a replace patch: obtains the stacks (weaving prologues), pushes
     * the functions. All or nothing: on failure what was done is taken back.
     *
     * @param loaded the patch, its object instances added in the order of {@code bound}
     * @param bound its bound objects
     * @param patches the loaded patches, {@code loaded} among them
     * @return the transition set
     * @throws PatchException (FAILED) if the JVM refused to weave or a step failed
     */
    List<Change> patchObjects(LoadedPatch loaded, List<BoundObject> bound,
            List<LoadedPatch> patches) throws PatchException {
        List<FuncStack> obtained = List.of();
        List<Change> changes = new ArrayList<>();
        try {
            obtained = obtain(bound);
            push(loaded, bound, loaded.objects(), obtained, changes);
            if (loaded.patch().replace()) {
                addNops(loaded, patches, changes);
            }
            return changes;
        } catch (WeaveException e) {
            events.warning("failed to patch object '" + (e.className() != null ? e.className()
                    : loaded.objects().get(0).name()) + "'");
            throw new PatchException(Kind.FAILED, "patch '" + loaded.name() + "' failed: "
                    + e.getMessage() + "; nothing was changed", e);
        } catch (RuntimeException | Error e) {
            events.warning("failed to patch object '" + loaded.objects().get(0).name() + "'");
            takeBack(loaded, obtained);
            if (e instanceof Error error) {
                throw error;
            }
            throw new PatchException(Kind.FAILED, "patch '" + loaded.name() + "' failed: " + e
                    + "; nothing was changed", e);
        }
    }

    /**
     * Gives every function of the objects a stack, weaving the prologues with one
     * retransformation. On failure nothing changes.
     *
     * @return the stacks, in the order of the objects and their functions
     * @throws WeaveException if the JVM refused to weave
     */
    List<FuncStack> obtain(List<BoundObject> bound) throws WeaveException {
        List<FuncStacks.Request> requests = new ArrayList<>();
        for (BoundObject object : bound) {
            for (PatchFunction function : object.object().functions()) {
                ConstructorBody body = object.bodies().get(function.key());
                requests.add(new FuncStacks.Request(object.target(), function.key(),
                        object.target().getName() + "." + function.name(),
                        body != null ? ConstructorBody.CALL_TYPE
                                : PatchBinder.callType(object.target(), object.shape(), function),
                        body));
            }
        }
        return stacks.obtain(requests);
    }

    /**
     * Pushes the functions of every object (the kernel's {@code klp_patch_object} for each).
     *
     * @param instances the object instances, in the order of {@code bound}
     * @param obtained the stacks {@link #obtain} gave for {@code bound}
     * @param changes receives the transition set's change of each function; {@code null} when
     *     the objects join no transition
     */
    void push(LoadedPatch loaded, List<BoundObject> bound, List<ObjectInstance> instances,
            List<FuncStack> obtained, List<Change> changes) {
        int next = 0;
        for (int i = 0; i < bound.size(); i++) {
            ObjectInstance instance = instances.get(i);
            for (PatchFunction function : bound.get(i).object().functions()) {
                FuncStack stack = obtained.get(next++);
                FunctionInstance fi = new FunctionInstance(function, stack,
                        bound.get(i).impls().get(function.key()));
                if (changes != null) {
                    changes.add(new Change(stack, stack.topImpl(), fi.impl()));
                }
                stack.push(new FuncStack.Entry(fi, fi.impl(), loaded.order()));
                instance.functions().add(fi);
            }
            instance.setPatched(true);
        }
    }

    /**
     * The kernel's {@code klp_add_nops}: every function an enabled patch changes and the
     * replace patch does not gets a nop in the replace patch, so that switched threads run the
     * original code there.
     */
    private void addNops(LoadedPatch loaded, List<LoadedPatch> patches, List<Change> changes) {
        for (LoadedPatch old : patches) {
            if (old == loaded) {
                continue;
            }
            for (FunctionInstance oldFunction : old.functions()) {
                FuncStack stack = oldFunction.stack();
                if (loaded.uses(stack)) {
                    continue;
                }
                PatchFunction f = oldFunction.function();
                FunctionInstance nop = new FunctionInstance(
                        new PatchFunction(f.name(), f.descriptor(), f.isStatic(), true), stack,
                        null);
                changes.add(new Change(stack, stack.topImpl(), null));
                stack.push(new FuncStack.Entry(nop, null, loaded.order()));
                loaded.objectFor(stack.targetClass()).functions().add(nop);
            }
        }
    }

    /**
     * The transition set of disabling a patch: each of its functions goes from the top of its
     * stack to what is on top without it.
     */
    List<Change> unpatchChanges(LoadedPatch loaded) {
        List<Change> changes = new ArrayList<>();
        for (FunctionInstance fi : loaded.functions()) {
            changes.add(new Change(fi.stack(), fi.stack().topImpl(),
                    fi.stack().topImplWithout(fi)));
        }
        return changes;
    }

    /** Takes back what {@link #push} and {@link #addNops} did, and unweaves what was woven. */
    private void takeBack(LoadedPatch loaded, List<FuncStack> obtained) {
        List<FuncStack> touched = new ArrayList<>(obtained);
        loaded.functions().forEach(fi -> touched.add(fi.stack()));
        loaded.unpatchObjects();
        release(loaded.name(), touched);
    }

    /** Methods no patch uses any more get their original bytes back. */
    void release(String patchName, Collection<FuncStack> candidates) {
        try {
            stacks.release(candidates);
        } catch (WeaveException e) {
            events.warning("'" + patchName + "': could not restore the original bytes of "
                    + e.className() + " (" + e.getMessage() + "); its prologue stays, bound to"
                    + " the original body");
        }
    }
}
