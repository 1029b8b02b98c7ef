package io.jlivepatch.core.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of everything the engine holds (the kernel's {@code /sys/kernel/livepatch}): the
 * patches in stack order and the transition in progress. Its JSON form is the contract of
 * {@code jlp status --json}.
 *
 * @param patches the patches, enabled or in transition, in stack order
 * @param transition the transition in progress, or {@code null}
 * @param history atomic replacements that completed, as {@code "NEW replaced OLD at TIME"}
 * @param shadowVariables the number of live shadow variables per id
 * @param otherAgents the other Java agents the JVM's command line names, in their order
 */
public record EngineStatus(List<PatchStatus> patches, TransitionStatus transition,
        List<String> history, Map<Long, Integer> shadowVariables, List<OtherAgent> otherAgents) {

    /** Makes the lists and the map unmodifiable. */
    public EngineStatus {
        patches = List.copyOf(patches);
        history = List.copyOf(history);
        shadowVariables = Map.copyOf(shadowVariables);
        otherAgents = List.copyOf(otherAgents);
    }

    /** A status without other agents. */
    public EngineStatus(List<PatchStatus> patches, TransitionStatus transition,
            List<String> history, Map<Long, Integer> shadowVariables) {
        this(patches, transition, history, shadowVariables, List.of());
    }

    /**
     * Another Java agent of the JVM.
     *
     * @param jar the file name of its jar
     * @param beforeJlivepatch whether its transformers run before jlivepatch's (else after)
     */
    public record OtherAgent(String jar, boolean beforeJlivepatch) {
    }

    /** A status without shadow variables. */
    public EngineStatus(List<PatchStatus> patches, TransitionStatus transition,
            List<String> history) {
        this(patches, transition, history, Map.of());
    }

    /**
     * One patch.
     *
     * @param name the patch name
     * @param enabled the kernel's {@code enabled}: true while patching or patched
     * @param transition whether this patch is in transition
     * @param replace whether it is an atomic-replace patch
     * @param stackOrder 1-based position in the stack
     * @param description its description, possibly empty
     * @param source where it was loaded from
     * @param replacing during its patching transition, the patches a replace patch replaces
     * @param objects its object instances
     * @param states its system states
     * @param sha256 the SHA-256 digest of its jar (lower-case hex), empty if unknown
     */
    public record PatchStatus(String name, boolean enabled, boolean transition, boolean replace,
            int stackOrder, String description, String source, List<String> replacing,
            List<ObjectStatus> objects, List<StateStatus> states, String sha256) {
        /** Makes the lists unmodifiable. */
        public PatchStatus {
            replacing = List.copyOf(replacing);
            objects = List.copyOf(objects);
            states = List.copyOf(states);
        }

        /** A patch whose jar digest is unknown. */
        public PatchStatus(String name, boolean enabled, boolean transition, boolean replace,
                int stackOrder, String description, String source, List<String> replacing,
                List<ObjectStatus> objects, List<StateStatus> states) {
            this(name, enabled, transition, replace, stackOrder, description, source, replacing,
                    objects, states, "");
        }

        /** A patch without system states whose jar digest is unknown. */
        public PatchStatus(String name, boolean enabled, boolean transition, boolean replace,
                int stackOrder, String description, String source, List<String> replacing,
                List<ObjectStatus> objects) {
            this(name, enabled, transition, replace, stackOrder, description, source, replacing,
                    objects, List.of());
        }
    }

    /**
     * One object instance: a target class in one class loader.
     *
     * @param name the target class name
     * @param loader the class loader's description
     * @param patched whether its functions are on their function stacks
     * @param dynamic whether it holds only the nops of an atomic-replace patch
     * @param functions its functions
     * @param waiting whether this is an object of the patch whose class no loader has defined
     *     yet (the kernel's object whose module is not loaded): it is patched when one does
     * @param alsoInstrumented whether another agent's transformer instruments the class too
     *     (its prologues are woven beneath that agent's instrumentation)
     */
    public record ObjectStatus(String name, String loader, boolean patched, boolean dynamic,
            List<FunctionStatus> functions, boolean waiting, boolean alsoInstrumented) {
        /** Makes the list unmodifiable. */
        public ObjectStatus {
            functions = List.copyOf(functions);
        }

        /** An object instance bound to a class. */
        public ObjectStatus(String name, String loader, boolean patched, boolean dynamic,
                List<FunctionStatus> functions) {
            this(name, loader, patched, dynamic, functions, false);
        }

        /** An object instance that no other agent is known to instrument. */
        public ObjectStatus(String name, String loader, boolean patched, boolean dynamic,
                List<FunctionStatus> functions, boolean waiting) {
            this(name, loader, patched, dynamic, functions, waiting, false);
        }
    }

    /**
     * One function.
     *
     * @param name the method name
     * @param descriptor the method descriptor
     * @param patched whether it is on its function stack
     * @param transition whether it is in the transition set
     * @param nop whether it is a no-op function of atomic replace
     */
    public record FunctionStatus(String name, String descriptor, boolean patched,
            boolean transition, boolean nop) {
    }

    /**
     * The transition in progress.
     *
     * @param patch the patch in transition
     * @param target {@code PATCHED} or {@code UNPATCHED}
     * @param pendingThreads the threads not switched yet, as of the latest attempt
     * @param virtualThreadsUnchecked whether virtual threads may exist that cannot be inspected
     *     in this JVM, which keeps the transition from completing unless forced
     */
    public record TransitionStatus(String patch, String target, List<PendingThread> pendingThreads,
            boolean virtualThreadsUnchecked) {
        /** Makes the list unmodifiable. */
        public TransitionStatus {
            pendingThreads = List.copyOf(pendingThreads);
        }
    }

    /**
     * A system state a patch declares.
     *
     * @param id the state id
     * @param version its version
     */
    public record StateStatus(long id, int version) {
    }

    /**
     * A thread that keeps a transition open (the kernel's "is sleeping on function").
     *
     * @param name the thread name
     * @param id the thread id
     * @param blockedIn the changed function on its stack, as {@code com.acme.X.method}
     */
    public record PendingThread(String name, long id, String blockedIn) {
    }

    /**
     * The patch state of one thread (the kernel's {@code /proc/PID/patch_state}).
     *
     * @param name the thread name
     * @param id the thread id
     * @param patchState -1 outside transitions, else 0 (unpatched) or 1 (patched)
     */
    public record ThreadState(String name, long id, int patchState) {

        /** @return {@code {"name":..,"id":..,"patchState":..}} */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", name);
            json.put("id", id);
            json.put("patchState", patchState);
            return json;
        }
    }

    /**
     * @param pid the process id to include, or a negative number for none
     * @return the JSON form: {@code {"pid":..,"patches":[..],"transition":..}}
     */
    public Map<String, Object> toJson(long pid) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (pid >= 0) {
            json.put("pid", pid);
        }
        List<Object> patchList = new ArrayList<>();
        for (PatchStatus p : patches) {
            Map<String, Object> patch = new LinkedHashMap<>();
            patch.put("name", p.name());
            patch.put("enabled", p.enabled());
            patch.put("transition", p.transition());
            patch.put("replace", p.replace());
            patch.put("stackOrder", p.stackOrder());
            patch.put("description", p.description());
            patch.put("source", p.source());
            patch.put("sha256", p.sha256());
            patch.put("replacing", p.replacing());
            List<Object> states = new ArrayList<>();
            for (StateStatus state : p.states()) {
                Map<String, Object> st = new LinkedHashMap<>();
                st.put("id", state.id());
                st.put("version", state.version());
                states.add(st);
            }
            patch.put("states", states);
            List<Object> objectList = new ArrayList<>();
            for (ObjectStatus o : p.objects()) {
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("name", o.name());
                object.put("loader", o.loader());
                object.put("patched", o.patched());
                object.put("dynamic", o.dynamic());
                object.put("waiting", o.waiting());
                object.put("alsoInstrumented", o.alsoInstrumented());
                List<Object> functionList = new ArrayList<>();
                for (FunctionStatus f : o.functions()) {
                    Map<String, Object> function = new LinkedHashMap<>();
                    function.put("name", f.name());
                    function.put("descriptor", f.descriptor());
                    function.put("patched", f.patched());
                    function.put("transition", f.transition());
                    function.put("nop", f.nop());
                    functionList.add(function);
                }
                object.put("functions", functionList);
                objectList.add(object);
            }
            patch.put("objects", objectList);
            patchList.add(patch);
        }
        json.put("patches", patchList);
        json.put("history", history);
        Map<String, Object> shadows = new LinkedHashMap<>();
        shadowVariables.forEach((id, count) -> shadows.put(Long.toString(id), count));
        json.put("shadowVariables", shadows);
        List<Object> agents = new ArrayList<>();
        for (OtherAgent agent : otherAgents) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("jar", agent.jar());
            a.put("beforeJlivepatch", agent.beforeJlivepatch());
            agents.add(a);
        }
        json.put("otherAgents", agents);
        if (transition == null) {
            json.put("transition", null);
        } else {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("patch", transition.patch());
            t.put("target", transition.target());
            List<Object> pending = new ArrayList<>();
            for (PendingThread p : transition.pendingThreads()) {
                Map<String, Object> thread = new LinkedHashMap<>();
                thread.put("name", p.name());
                thread.put("id", p.id());
                thread.put("blockedIn", p.blockedIn());
                pending.add(thread);
            }
            t.put("pendingThreads", pending);
            t.put("virtualThreadsUnchecked", transition.virtualThreadsUnchecked());
            json.put("transition", t);
        }
        return json;
    }

    /**
     * Reads the JSON form back.
     *
     * @param json the map {@link #toJson} produced, after a round trip through {@link Json}
     * @return the status
     */
    @SuppressWarnings("unchecked")
    public static EngineStatus fromJson(Map<String, Object> json) {
        List<PatchStatus> patches = new ArrayList<>();
        for (Object p : (List<Object>) json.get("patches")) {
            Map<String, Object> patch = (Map<String, Object>) p;
            List<ObjectStatus> objects = new ArrayList<>();
            for (Object o : (List<Object>) patch.get("objects")) {
                Map<String, Object> object = (Map<String, Object>) o;
                List<FunctionStatus> functions = new ArrayList<>();
                for (Object f : (List<Object>) object.get("functions")) {
                    Map<String, Object> function = (Map<String, Object>) f;
                    functions.add(new FunctionStatus((String) function.get("name"),
                            (String) function.get("descriptor"), (Boolean) function.get("patched"),
                            (Boolean) function.get("transition"), (Boolean) function.get("nop")));
                }
                objects.add(new ObjectStatus((String) object.get("name"),
                        (String) object.get("loader"), (Boolean) object.get("patched"),
                        Boolean.TRUE.equals(object.get("dynamic")), functions,
                        Boolean.TRUE.equals(object.get("waiting")),
                        Boolean.TRUE.equals(object.get("alsoInstrumented"))));
            }
            patches.add(new PatchStatus((String) patch.get("name"), (Boolean) patch.get("enabled"),
                    (Boolean) patch.get("transition"), (Boolean) patch.get("replace"),
                    ((Number) patch.get("stackOrder")).intValue(),
                    (String) patch.get("description"), (String) patch.get("source"),
                    (List<String>) patch.getOrDefault("replacing", List.of()), objects,
                    states((List<Object>) patch.getOrDefault("states", List.of())),
                    (String) patch.getOrDefault("sha256", "")));
        }
        Map<String, Object> t = (Map<String, Object>) json.get("transition");
        TransitionStatus transition = null;
        if (t != null) {
            List<PendingThread> pending = new ArrayList<>();
            for (Object p : (List<Object>) t.getOrDefault("pendingThreads", List.of())) {
                Map<String, Object> thread = (Map<String, Object>) p;
                pending.add(new PendingThread((String) thread.get("name"),
                        ((Number) thread.get("id")).longValue(), (String) thread.get("blockedIn")));
            }
            transition = new TransitionStatus((String) t.get("patch"), (String) t.get("target"),
                    pending, Boolean.TRUE.equals(t.get("virtualThreadsUnchecked")));
        }
        Map<Long, Integer> shadows = new java.util.TreeMap<>();
        ((Map<String, Object>) json.getOrDefault("shadowVariables", Map.of())).forEach(
                (id, count) -> shadows.put(Long.parseLong(id), ((Number) count).intValue()));
        List<OtherAgent> agents = new ArrayList<>();
        for (Object a : (List<Object>) json.getOrDefault("otherAgents", List.of())) {
            Map<String, Object> agent = (Map<String, Object>) a;
            agents.add(new OtherAgent((String) agent.get("jar"),
                    Boolean.TRUE.equals(agent.get("beforeJlivepatch"))));
        }
        return new EngineStatus(patches, transition,
                (List<String>) json.getOrDefault("history", List.of()), shadows, agents);
    }

    @SuppressWarnings("unchecked")
    private static List<StateStatus> states(List<Object> json) {
        List<StateStatus> states = new ArrayList<>();
        for (Object s : json) {
            Map<String, Object> state = (Map<String, Object>) s;
            states.add(new StateStatus(((Number) state.get("id")).longValue(),
                    ((Number) state.get("version")).intValue()));
        }
        return states;
    }
}
