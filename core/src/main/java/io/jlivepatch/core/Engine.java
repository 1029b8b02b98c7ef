package io.jlivepatch.core;

import io.jlivepatch.api.SystemState;
import io.jlivepatch.core.LoadedPatch.ObjectInstance;
import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.load.BoundObject;
import io.jlivepatch.core.load.PatchBinder;
import io.jlivepatch.core.load.PatchJarCheck;
import io.jlivepatch.core.load.PatchJarReader;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchException.Kind;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.redirect.ClassWeaver;
import io.jlivepatch.core.redirect.FuncStacks;
import io.jlivepatch.core.redirect.TargetLookup;
import io.jlivepatch.core.status.EngineStatus;
import io.jlivepatch.core.transition.Transition.Change;
import io.jlivepatch.core.transition.Transition;
import io.jlivepatch.core.transition.VirtualThreads;
import io.jlivepatch.dispatch.DispatchControl;
import io.jlivepatch.dispatch.EventSink;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The life cycle of patches (the kernel's core.c): load = enable, disable, the one transition at
 * a time, and the state every tool reads.
 *
 * <p>Locking: one lock ({@code klp_mutex}) serialises every operation and every change of
 * patches, function stacks and the transition. The hot path (prologues running in application
 * threads) never takes it: it reads the dispatch state published by {@code FuncSite} and the
 * transition's policy. The class weaver's transformer never takes it either.
 */
public final class Engine {

    private final Object lock = new Object();
    private final Transition.Model model;
    private final EventLog events;
    private final DispatchControl dispatch;
    private final ClassWeaver weaver;
    private final Patching patching;
    private final PatchBinder binder;
    /** Enabled patches and the one in transition, in stack order (the kernel's klp_patches). */
    private final List<LoadedPatch> patches = new ArrayList<>();
    private final Set<String> disabledNames = new LinkedHashSet<>();
    private final Set<String> forcedNames = new LinkedHashSet<>();
    /** "NEW replaced OLD at TIME", oldest first, bounded. */
    private final List<String> history = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final TransitionWorker worker = new TransitionWorker(this::retryTransition);
    private final PatchCallbacks callbacks;
    private final ClassArrivals arrivals;
    private final LoaderDepartures departures;
    /** Web applications whose container stops them (the kernel's module going, told early). */
    private final Undeployments undeployments = new Undeployments(this::webAppStopped);
    /** The patch in transition and its transition, or {@code null}. */
    private PatchTransition transition;
    /** Checks each patch jar before it is read; set once at the agent's start. */
    private volatile PatchJarCheck jarCheck = PatchJarCheck.NONE;

    /**
     * Creates the engine and registers its class transformer.
     *
     * @param instrumentation the JVM's instrumentation; must support retransformation
     * @param events where every step is logged
     */
    public Engine(Instrumentation instrumentation, EventLog events) {
        this(instrumentation, events, Transition.Model.PER_THREAD);
    }

    /**
     * Creates the engine with a chosen consistency model; only tests that demonstrate what the
     * per-thread model prevents use anything but {@link Transition.Model#PER_THREAD}.
     *
     * @param instrumentation the JVM's instrumentation; must support retransformation
     * @param events where every step is logged
     * @param model how threads switch during transitions
     */
    public Engine(Instrumentation instrumentation, EventLog events, Transition.Model model) {
        this.model = model;
        if (!instrumentation.isRetransformClassesSupported()) {
            throw new IllegalStateException("this JVM does not support class retransformation;"
                    + " the agent jar must declare Can-Retransform-Classes: true");
        }
        this.events = events;
        this.callbacks = new PatchCallbacks(events, this::previousState);
        this.dispatch = DispatchControl.grantedTo(instrumentation);
        dispatch.installEventSink((level, message) -> {
            if (level == EventSink.Level.ERROR) {
                events.error(message);
            } else {
                events.warning(message);
            }
        });
        // Transitions list virtual threads from the JDK's thread containers where it may.
        VirtualThreads.open(instrumentation);
        this.weaver = new ClassWeaver(instrumentation);
        this.patching = new Patching(new FuncStacks(weaver, dispatch), events);
        this.binder = new PatchBinder(instrumentation, weaver, new TargetLookup(instrumentation));
        this.arrivals = new ClassArrivals(events, binder, patching, callbacks.onCallingThread(),
                weaver);
        dispatch.onInitializing(this::classInitializing);
        this.departures = new LoaderDepartures(lock, arrivals::departed, this::fireChanged);
    }

    /**
     * Sets the check every patch jar passes before it is read (the agent's trust policy); by
     * default none.
     *
     * @param check the check
     */
    public void setJarCheck(PatchJarCheck check) {
        this.jarCheck = check;
    }

    /** @return the event log */
    public EventLog events() {
        return events;
    }

    /**
     * Registers a listener run after an operation changed the patches (added, removed, or
     * changed state), on the calling thread, outside the engine's lock.
     *
     * @param listener the listener
     */
    public void addChangeListener(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Loads a patch jar and enables it (the kernel's {@code klp_enable_patch}).
     *
     * @param jar the patch jar
     * @return the patch name
     * @throws PatchException if the patch is refused or fails to apply; the JVM is unchanged
     */
    public String load(Path jar) throws PatchException {
        Patch patch;
        try {
            patch = PatchJarReader.read(jarCheck.check(jar.toAbsolutePath()));
        } catch (PatchException e) {
            events.error(e.getMessage());
            throw e;
        }
        try {
            synchronized (lock) {
                enable(patch);
            }
        } finally {
            fireChanged();
        }
        return patch.name();
    }

    /**
     * Loads every patch jar of a directory, in file-name order (kpatch's {@code install}: the
     * agent's {@code patches=DIR}). A jar that is refused is reported as an event and skipped;
     * the others are still loaded. Each transition is waited for, at most {@code wait} each.
     *
     * @param directory the directory
     * @param wait how long to wait for each patch's transition
     * @return the names of the patches loaded
     * @throws PatchException (INVALID_PATCH) if the directory cannot be listed
     */
    public List<String> loadDirectory(Path directory, Duration wait)
            throws PatchException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(directory)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted()
                    .toList();
        } catch (IOException | RuntimeException e) {
            throw new PatchException(Kind.INVALID_PATCH, "cannot list the patch directory "
                    + directory + ": " + e.getMessage());
        }
        List<String> loaded = new ArrayList<>();
        for (Path jar : jars) {
            try {
                loaded.add(load(jar));
                awaitIdle(wait);
            } catch (PatchException e) {
                events.error("patch jar " + jar + " was not loaded: " + e.getMessage());
            }
        }
        return loaded;
    }

    private boolean inTransition() {
        synchronized (lock) {
            return transition != null;
        }
    }

    private void awaitIdle(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (inTransition() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000L);
        }
    }

    private void enable(Patch patch) throws PatchException {
        String incompatibility = SystemStates.incompatibility(patches, patch);
        if (incompatibility != null) {
            events.error("Livepatch patch (" + patch.name() + ") is not compatible with the"
                    + " already installed livepatches.");
            throw new PatchException(Kind.INCOMPATIBLE, "patch '" + patch.name() + "' is not"
                    + " compatible with the patches already loaded: " + incompatibility);
        }
        LoadedPatch existing = find(patch.name());
        if (existing != null) {
            throw new PatchException(Kind.INVALID_STATE, "a patch named '" + patch.name()
                    + "' is already loaded (stack order " + stackOrder(existing) + "); disable it"
                    + " first, or give the new patch another name");
        }
        if (forcedNames.contains(patch.name())) {
            throw new PatchException(Kind.INVALID_STATE, "patch '" + patch.name() + "' was"
                    + " involved in a forced transition in this JVM and can never be loaded"
                    + " again here: threads may still run its code (see 'jlp force'); build the"
                    + " patch under another name, or restart the JVM");
        }
        checkNotBusy();
        // Before looking for the targets: a target defined from now on waits for this patch.
        awaitTargets(patch);
        List<BoundObject> bound;
        try {
            bound = binder.bind(patch);
        } catch (PatchException | RuntimeException | Error e) {
            awaitTargets(null);
            events.error(e.getMessage());
            throw e;
        }
        events.notice("enabling patch '" + patch.name() + "'");
        LoadedPatch loaded = new LoadedPatch(patch, departures.queue(), undeployments);
        patches.add(loaded);
        transition = PatchTransition.initialize(loaded, Transition.Target.PATCHED, events);
        for (BoundObject object : bound) {
            loaded.addObject(new ObjectInstance(object, object.target()));
        }
        for (ObjectInstance instance : List.copyOf(loaded.objects())) {
            if (!callbacks.prePatch(loaded, instance)) {
                events.warning("pre-patch callback failed for object '" + instance.name() + "'");
                cancel(loaded);
                throw new PatchException(Kind.FAILED, "patch '" + patch.name() + "': the"
                        + " pre-patch callback of object '" + instance.name() + "' refused it"
                        + " (see 'jlp log'); nothing was changed");
            }
        }
        List<Change> changes;
        try {
            changes = patching.patchObjects(loaded, bound, patches);
        } catch (PatchException | Error e) {
            cancel(loaded);
            throw e;
        }
        transition.start(changes, model, dispatch);
        loaded.setEnabled(true);
        tryComplete();
    }

    /** The kernel's {@code klp_get_prev_state}, for callbacks of the patch in transition. */
    private SystemState previousState(long id) {
        return SystemStates.previous(patches, transition == null ? null : transition.patch(), id);
    }

    /**
     * The kernel's error path of enabling: the patch never reached any thread; post-unpatch runs
     * where pre-patch succeeded.
     */
    private void cancel(LoadedPatch loaded) {
        events.warning("failed to enable patch '" + loaded.name() + "'");
        events.debug("'" + loaded.name() + "': canceling patching transition, going to unpatch");
        events.debug("'" + loaded.name() + "': completing unpatching transition");
        for (ObjectInstance object : loaded.objects()) {
            callbacks.postUnpatch(loaded, object);
        }
        events.notice("'" + loaded.name() + "': unpatching complete");
        patches.remove(loaded);
        transition = null;
        awaitTargets(null);
    }

    /**
     * Disables a patch: starts its unpatching transition, or reverses its patching transition
     * if it is the patch in transition (the kernel's {@code echo 0 > enabled}). Patches may be
     * disabled in any order.
     *
     * @param name the patch name
     * @throws PatchException if there is no such enabled patch, or another patch is in transition
     */
    public void disable(String name) throws PatchException {
        try {
            synchronized (lock) {
                LoadedPatch loaded = require(name);
                if (!loaded.enabled()) {
                    throw new PatchException(Kind.INVALID_STATE, "patch '" + name
                            + "' is already being disabled");
                }
                if (transition != null && loaded == transition.patch()) {
                    reverse();
                    return;
                }
                checkNotBusy();
                transition = PatchTransition.initialize(loaded, Transition.Target.UNPATCHED,
                        events);
                for (ObjectInstance object : loaded.objects()) {
                    if (object.patched()) {
                        callbacks.preUnpatch(loaded, object);
                    }
                }
                transition.start(patching.unpatchChanges(loaded), model, dispatch);
                loaded.setEnabled(false);
                tryComplete();
            }
        } finally {
            fireChanged();
        }
    }

    /**
     * Enables a patch again; valid only to reverse its unpatching transition (the kernel's
     * {@code echo 1 > enabled}). A disabled patch is gone: load its jar again.
     *
     * @param name the patch name
     * @throws PatchException unless the patch is in an unpatching transition
     */
    public void enable(String name) throws PatchException {
        try {
            synchronized (lock) {
                LoadedPatch loaded = require(name);
                if (loaded.enabled()) {
                    throw new PatchException(Kind.INVALID_STATE, "patch '" + loaded.name()
                            + "' is already enabled");
                }
                reverse();
            }
        } finally {
            fireChanged();
        }
    }

    /** Reverses the transition of the patch in transition (see {@link PatchTransition}). */
    private void reverse() {
        transition.reverse();
        worker.retry();
    }

    /**
     * Switches every remaining thread without checking its stack (the kernel's {@code force}),
     * then completes the transition. Consistency is no longer guaranteed; the patches involved
     * are marked as the kernel marks them: the patch of a forced unpatching transition can never
     * be loaded again in this JVM.
     *
     * @throws PatchException if no transition is in progress
     */
    public void force() throws PatchException {
        try {
            synchronized (lock) {
                if (transition == null) {
                    throw new PatchException(Kind.INVALID_STATE, "no transition is in progress;"
                            + " force applies only while a patch is in transition");
                }
                forcedNames.addAll(transition.force(patches));
                tryComplete();
            }
        } finally {
            fireChanged();
        }
    }

    private LoadedPatch require(String name) throws PatchException {
        LoadedPatch loaded = find(name);
        if (loaded != null) {
            return loaded;
        }
        if (disabledNames.contains(name)) {
            throw new PatchException(Kind.INVALID_STATE, "patch '" + name + "' was disabled;"
                    + " a disabled patch cannot be enabled again: load its jar again");
        }
        throw new PatchException(Kind.NOT_FOUND, "no patch named '" + name + "' is loaded;"
                + " 'jlp status PID' lists the loaded patches");
    }

    private void checkNotBusy() throws PatchException {
        if (transition != null) {
            throw new PatchException(Kind.BUSY, "patch '" + transition.patch().name() + "' is in"
                    + " its " + transition.target().word() + " transition; wait for it to"
                    + " complete, then try again");
        }
    }

    /**
     * One attempt to complete the transition (the kernel's {@code klp_try_complete_transition});
     * if threads are still pending, the worker retries.
     */
    private void tryComplete() {
        if (transition == null) {
            return;
        }
        if (transition.trySwitchAll()) {
            complete();
        } else {
            worker.retry();
        }
    }

    /** Called by the worker: one more attempt. @return whether no transition remains */
    private boolean retryTransition() {
        boolean completed;
        synchronized (lock) {
            if (transition == null) {
                return true;
            }
            completed = transition.trySwitchAll();
            if (completed) {
                complete();
            }
        }
        if (completed) {
            fireChanged();
        }
        return completed;
    }

    /** The kernel's {@code klp_complete_transition}, then the patches' bookkeeping. */
    private void complete() {
        LoadedPatch loaded = transition.patch();
        boolean unpatching = transition.target() == Transition.Target.UNPATCHED;
        List<LoadedPatch> replaced = transition.complete(patches, patching, callbacks);
        transition = null;
        if (unpatching) {
            patches.remove(loaded);
            disabledNames.add(loaded.name());
        }
        for (LoadedPatch old : replaced) {
            patches.remove(old);
            history.add(loaded.name() + " replaced " + old.name() + " at " + Instant.now());
        }
        awaitTargets(null);
    }

    /**
     * The kernel's module going, for a web application its container stopped (see
     * {@link Undeployments}), as soon as the container's stop ended: the objects of classes of
     * its loader are reverted with their unpatch callbacks and leave the status.
     */
    private void webAppStopped(ClassLoader loader) {
        boolean reverted;
        try {
            synchronized (lock) {
                reverted = arrivals.going(loader, List.copyOf(patches), transition);
            }
        } catch (RuntimeException | LinkageError e) {
            events.error("could not revert the patches of a stopped web application: " + e);
            return;
        }
        if (reverted) {
            fireChanged();
        }
    }

    /**
     * Tells the weaver which classes the loaded patches (and {@code loading}, if not null)
     * target, so that those defined later report their initialisation.
     */
    private void awaitTargets(Patch loading) {
        List<Patch> all = new ArrayList<>();
        patches.forEach(p -> all.add(p.patch()));
        if (loading != null) {
            all.add(loading);
        }
        arrivals.await(all);
    }

    /**
     * A class that patches waited for initialises (see {@link ClassArrivals}), on the thread
     * initialising it.
     *
     * @throws LinkageError to refuse the class: its initialisation fails with the reason
     */
    private void classInitializing(Class<?> type) {
        weaver.initialized(type);
        String refusal;
        try {
            synchronized (lock) {
                refusal = arrivals.coming(type, List.copyOf(patches), transition);
            }
        } catch (RuntimeException | LinkageError e) {
            events.error("could not patch loading class '" + type.getName() + "': " + e);
            refusal = null;
        } finally {
            fireChanged();
        }
        if (refusal != null) {
            throw new LinkageError(refusal);
        }
    }

    /** @return a snapshot of the patches and the transition */
    public EngineStatus status() {
        synchronized (lock) {
            return transition == null
                    ? StatusSnapshot.of(patches, null, null, history, weaver::alsoInstrumented)
                    : StatusSnapshot.of(patches, transition.transition(), transition.patch(),
                            history, weaver::alsoInstrumented);
        }
    }

    /**
     * The kernel's {@code /proc/PID/patch_state} of every live thread: -1 outside transitions,
     * else 0 (unpatched) or 1 (patched).
     *
     * @return one entry per platform thread, and per virtual thread known to the engine
     */
    public List<EngineStatus.ThreadState> threadStates() {
        synchronized (lock) {
            return StatusSnapshot.threadStates(transition == null ? null
                    : transition.transition());
        }
    }

    private int stackOrder(LoadedPatch loaded) {
        return patches.indexOf(loaded) + 1;
    }

    private LoadedPatch find(String name) {
        for (LoadedPatch loaded : patches) {
            if (loaded.name().equals(name)) {
                return loaded;
            }
        }
        return null;
    }

    private void fireChanged() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    /**
     * Removes the engine's transformer. Patches still enabled stay as they are; disable them
     * first to restore the original classes.
     */
    public void close() {
        departures.stop();
        dispatch.onInitializing(null);
        dispatch.installEventSink(null);
        worker.stop();
        weaver.close();
    }

    /** @return the jlivepatch version */
    public static String version() {
        try (InputStream in = Engine.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
