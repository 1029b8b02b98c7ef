package io.jlivepatch.agent;

import io.jlivepatch.core.Engine;
import io.jlivepatch.core.events.Event;
import io.jlivepatch.core.mbean.LivePatchMXBean;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.status.EngineStatus;
import io.jlivepatch.core.status.Json;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's JMX face, registered as {@value LivePatchMXBean#OBJECT_NAME}.
 *
 * <p>A {@link PatchException} crossing JMX is replaced by a fresh one with the same kind and
 * message and no cause: the client deserialises it, and may lack the cause's class.
 */
final class LivePatchBean implements LivePatchMXBean {

    /** The member of the status JSON that says it is the latest read, not a fresh one. */
    static final String STALE = "stale";
    /** The member of each patch in the status JSON naming who signed it, or unsigned. */
    static final String SIGNER = "signer";

    private final Engine engine;
    private final TrustCheck trust;
    private final EngineGate gate = new EngineGate();
    private final LatestRead<EngineStatus> status;
    private final LatestRead<List<EngineStatus.ThreadState>> threadStates;

    LivePatchBean(Engine engine) {
        this(engine, TrustCheck.none());
    }

    LivePatchBean(Engine engine, TrustCheck trust) {
        this.engine = engine;
        this.trust = trust;
        this.status = new LatestRead<>("jlivepatch status", engine::status, engine.status());
        this.threadStates = new LatestRead<>("jlivepatch thread states", engine::threadStates,
                List.of());
    }

    @Override
    public String load(String jarPath) throws PatchException {
        Path jar;
        try {
            jar = Path.of(jarPath);
        } catch (InvalidPathException e) {
            throw new PatchException(PatchException.Kind.INVALID_PATCH,
                    "invalid patch jar path '" + jarPath + "': " + e.getReason());
        }
        try {
            return gate.enter("the load of " + jar, () -> engine.load(jar));
        } catch (PatchException e) {
            throw forClient(e);
        }
    }

    @Override
    public void disable(String name) throws PatchException {
        try {
            gate.enter("the disabling of '" + name + "'", () -> {
                engine.disable(name);
                return null;
            });
        } catch (PatchException e) {
            throw forClient(e);
        }
    }

    @Override
    public void enable(String name) throws PatchException {
        try {
            gate.enter("the enabling of '" + name + "'", () -> {
                engine.enable(name);
                return null;
            });
        } catch (PatchException e) {
            throw forClient(e);
        }
    }

    @Override
    public void force() throws PatchException {
        try {
            gate.enter("a force", () -> {
                engine.force();
                return null;
            });
        } catch (PatchException e) {
            throw forClient(e);
        }
    }

    /**
     * @param e an exception of the engine
     * @return the same kind and message, without the cause
     */
    static PatchException forClient(PatchException e) {
        return new PatchException(e.kind(), e.getMessage());
    }

    @Override
    public String getStatusJson() {
        LatestRead.Answer<EngineStatus> answer = status.read();
        Map<String, Object> json = answer.value().toJson(ProcessHandle.current().pid());
        for (Object patch : (List<?>) json.get("patches")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) patch;
            p.put(SIGNER, trust.signerOf(String.valueOf(p.get("source"))));
        }
        if (answer.stale()) {
            json.put(STALE, "the engine is busy (an operation or a callback holds it); this is"
                    + " the latest status read");
        }
        return Json.write(json);
    }

    @Override
    public String getThreadStatesJson() {
        return Json.write(threadStatesToJson(threadStates.read().value()));
    }

    /**
     * @param states thread states, as the engine lists them
     * @return their JSON form: {@code [{"name":..,"id":..,"patchState":..}]}
     */
    static List<Object> threadStatesToJson(List<EngineStatus.ThreadState> states) {
        List<Object> json = new ArrayList<>();
        for (EngineStatus.ThreadState state : states) {
            json.add(state.toJson());
        }
        return json;
    }

    @Override
    public String eventsJson(long afterSequence) {
        return Json.write(eventsToJson(engine.events().since(afterSequence)));
    }

    /**
     * @param events events, oldest first
     * @return their JSON form: {@code [{"sequence":..,"time":..,"level":..,"message":..}]}
     */
    static List<Object> eventsToJson(List<Event> events) {
        List<Object> json = new ArrayList<>();
        for (Event event : events) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("sequence", event.sequence());
            e.put("time", event.timeMillis());
            e.put("level", event.level().name());
            e.put("message", event.message());
            json.add(e);
        }
        return json;
    }

    @Override
    public String[] getEvents() {
        return engine.events().since(0).stream().map(Event::message).toArray(String[]::new);
    }

    @Override
    public String[] getPatchNames() {
        return status.read().value().patches().stream().map(EngineStatus.PatchStatus::name)
                .toArray(String[]::new);
    }

    @Override
    public String getTransition() {
        EngineStatus.TransitionStatus transition = status.read().value().transition();
        return transition == null ? "" : transition.patch() + " " + transition.target();
    }

    @Override
    public String getVersion() {
        return Engine.version();
    }
}
