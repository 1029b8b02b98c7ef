package io.jlivepatch.core;

import io.jlivepatch.api.PatchContext;
import io.jlivepatch.api.SystemState;
import io.jlivepatch.core.LoadedPatch.ObjectInstance;
import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.model.Callback;
import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the callbacks of patch objects with the kernel's gating (digest §4): post-unpatch only
 * where pre-patch ran and succeeded (or there is none), and at most once; pre-unpatch only
 * where post-patch ran. An exception in one is reported as an event and never propagates,
 * except that a failing pre-patch refuses the patch.
 *
 * <p>Each callback runs on a thread of its own while the engine's thread waits for it, at most
 * the {@link CallbackDeadline}: one that has not returned by then is interrupted, reported, and
 * counts as failed, as an exception would (a pre-patch that passes it refuses the patch, which
 * changes nothing), so a callback that never returns cannot hold the engine for good. A callback
 * that waits for the engine itself (for example by initialising a class a patch waits for) waits
 * until its deadline, and fails. Callbacks of classes that arrive while patches wait for them run
 * on the thread initialising the class, without a deadline ({@link #onCallingThread()}): another
 * thread touching that class would wait for its initialisation.
 */
final class PatchCallbacks {

    /** The kernel's {@code klp_get_prev_state}, answered by the engine. */
    interface PreviousStates {
        /** @return the previous patch's state of an id, or {@code null} */
        SystemState previousState(long id);
    }

    private final EventLog events;
    private final PreviousStates previousStates;
    /** The deadline of each callback, or null to run callbacks on the calling thread. */
    private final Duration deadline;

    PatchCallbacks(EventLog events, PreviousStates previousStates) {
        this(events, previousStates, CallbackDeadline.configured());
    }

    private PatchCallbacks(EventLog events, PreviousStates previousStates, Duration deadline) {
        this.events = events;
        this.previousStates = previousStates;
        this.deadline = deadline;
    }

    /** @return the same callbacks, run on the calling thread without a deadline */
    PatchCallbacks onCallingThread() {
        return new PatchCallbacks(events, previousStates, null);
    }

    /** @return whether the object may be patched: its pre-patch succeeded or it has none */
    boolean prePatch(LoadedPatch patch, ObjectInstance object) {
        MethodHandle callback = object.callback(Callback.Kind.PRE_PATCH);
        boolean ok = callback == null || run(patch, object, Callback.Kind.PRE_PATCH, callback);
        object.setPostUnpatchEnabled(ok);
        return ok;
    }

    void postPatch(LoadedPatch patch, ObjectInstance object) {
        MethodHandle callback = object.callback(Callback.Kind.POST_PATCH);
        if (callback != null) {
            run(patch, object, Callback.Kind.POST_PATCH, callback);
        }
        object.setPostPatchRan(true);
    }

    void preUnpatch(LoadedPatch patch, ObjectInstance object) {
        MethodHandle callback = object.callback(Callback.Kind.PRE_UNPATCH);
        if (callback != null && object.postPatchRan()) {
            run(patch, object, Callback.Kind.PRE_UNPATCH, callback);
        }
        object.setPostPatchRan(false);
    }

    void postUnpatch(LoadedPatch patch, ObjectInstance object) {
        MethodHandle callback = object.callback(Callback.Kind.POST_UNPATCH);
        if (callback != null && object.postUnpatchEnabled()) {
            run(patch, object, Callback.Kind.POST_UNPATCH, callback);
        }
        object.setPostUnpatchEnabled(false);
    }

    /**
     * @return whether the callback succeeded: returned 0, threw nothing, and returned within the
     *     deadline
     */
    private boolean run(LoadedPatch patch, ObjectInstance object, Callback.Kind kind,
            MethodHandle callback) {
        if (deadline == null) {
            return invoke(patch, object, kind, callback);
        }
        FutureTask<Boolean> call = new FutureTask<>(() -> invoke(patch, object, kind, callback));
        Thread thread = new Thread(call, "jlivepatch " + kind.word() + " callback");
        thread.setDaemon(true);
        thread.start();
        try {
            return call.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            events.warning("'" + patch.name() + "': " + kind.word() + " callback for object '"
                    + object.name() + "' did not return within " + deadline.toMillis() + " ms"
                    + " (" + CallbackDeadline.PROPERTY + "); interrupted, it counts as failed");
            return false;
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            events.warning("'" + patch.name() + "': interrupted waiting for the " + kind.word()
                    + " callback for object '" + object.name() + "'; it counts as failed");
            return false;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private boolean invoke(LoadedPatch patch, ObjectInstance object, Callback.Kind kind,
            MethodHandle callback) {
        Context context = new Context(patch, object, events, previousStates);
        try {
            // Only pre-patch may return a status; the others are adapted to return 0.
            return (int) callback.invokeExact((PatchContext) context) == 0;
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError error && !(t instanceof StackOverflowError)) {
                throw error;
            }
            events.warning("'" + patch.name() + "': " + kind.word() + " callback for object '"
                    + object.name() + "' threw " + t);
            return false;
        }
    }

    /** What a callback sees of its object. */
    private record Context(LoadedPatch patch, ObjectInstance object, EventLog events,
            PreviousStates previousStates) implements PatchContext {

        @Override
        public String patchName() {
            return patch.name();
        }

        @Override
        public String objectName() {
            return object.name();
        }

        @Override
        public ClassLoader classLoader() {
            return object.target() == null ? null : object.target().getClassLoader();
        }

        @Override
        public void log(String message) {
            events.raw(patch.name() + ": " + message);
        }

        @Override
        public SystemState state(long id) {
            return patch.state(id);
        }

        @Override
        public SystemState previousState(long id) {
            return previousStates.previousState(id);
        }
    }
}
