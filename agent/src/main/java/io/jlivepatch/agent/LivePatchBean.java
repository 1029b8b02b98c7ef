package io.jlivepatch.agent;

import io.jlivepatch.client.Json;
import io.jlivepatch.core.Engine;
import io.jlivepatch.core.events.Event;
import io.jlivepatch.core.load.PatchJarReader;
import io.jlivepatch.core.mbean.LivePatchMXBean;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.status.EngineStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    /** The member of each patch in the status JSON holding its latest audit record. */
    static final String AUDIT = "audit";
    /** The member of each patch in the status JSON listing its targets found nowhere. */
    static final String FOUND_NOWHERE = "targetsFoundNowhere";
    private static final String OK = "ok";

    private final Engine engine;
    private final TrustCheck trust;
    private final AuditTrail audit;
    /** Finds targets that exist nowhere, or null to not look. */
    private final TargetSearch targets;
    /** Patch name to its targets found nowhere when it was loaded. */
    private final Map<String, List<String>> targetsFoundNowhere = new ConcurrentHashMap<>();
    private final EngineGate gate = new EngineGate();
    private final LatestRead<EngineStatus> status;
    private final LatestRead<List<EngineStatus.ThreadState>> threadStates;

    LivePatchBean(Engine engine) {
        this(engine, TrustCheck.none(), new AuditTrail(null, System.getLogger(
                Agent.LOGGER_NAME)), null);
    }

    LivePatchBean(Engine engine, TrustCheck trust, AuditTrail audit, TargetSearch targets) {
        this.engine = engine;
        this.targets = targets;
        this.trust = trust;
        this.audit = audit;
        this.status = new LatestRead<>("jlivepatch status", engine::status, engine.status());
        this.threadStates = new LatestRead<>("jlivepatch thread states", engine::threadStates,
                List.of());
    }

    @Override
    public String load(String jarPath) throws PatchException {
        return load(jarPath, false);
    }

    @Override
    public String loadStrict(String jarPath) throws PatchException {
        return load(jarPath, true);
    }

    private String load(String jarPath, boolean strict) throws PatchException {
        Path jar;
        try {
            jar = Path.of(jarPath);
        } catch (InvalidPathException e) {
            throw new PatchException(PatchException.Kind.INVALID_PATCH,
                    "invalid patch jar path '" + jarPath + "': " + e.getReason());
        }
        String sha256 = sha256(jar);
        Patch patch = readQuietly(jar);
        try {
            List<String> nowhere = foundNowhere(patch);
            if (strict && !nowhere.isEmpty()) {
                throw new PatchException(PatchException.Kind.INVALID_PATCH, "patch jar " + jar
                        + " targets " + String.join(", ", nowhere) + ", which no class loader"
                        + " of this JVM can find (a typo?); refused because of --strict,"
                        + " nothing was changed");
            }
            String name = gate.enter("the load of " + jar, () -> engine.load(jar));
            if (!nowhere.isEmpty()) {
                targetsFoundNowhere.put(name, nowhere);
            }
            audit.record("load", name, jar.toString(), sha256, OK);
            return name;
        } catch (PatchException e) {
            audit.record("load", null, jar.toString(), sha256, refusal(patch == null ? null
                    : patch.name(), e));
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
            audit.record("disable", name, null, audit.loadedSha256(name), OK);
        } catch (PatchException e) {
            audit.record("disable", name, null, audit.loadedSha256(name), refusal(name, e));
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
            audit.record("enable", name, null, audit.loadedSha256(name), OK);
        } catch (PatchException e) {
            audit.record("enable", name, null, audit.loadedSha256(name), refusal(name, e));
            throw forClient(e);
        }
    }

    @Override
    public void force() throws PatchException {
        EngineStatus.TransitionStatus transition = status.read().value().transition();
        String name = transition == null ? null : transition.patch();
        String sha256 = name == null ? null : audit.loadedSha256(name);
        try {
            gate.enter("a force", () -> {
                engine.force();
                return null;
            });
            audit.record("force", name, null, sha256, OK);
        } catch (PatchException e) {
            audit.record("force", name, null, sha256, refusal(name, e));
            throw forClient(e);
        }
    }

    /** @return the patch of the jar, or null if it cannot be read (the load refuses it) */
    private static Patch readQuietly(Path jar) {
        try {
            return PatchJarReader.read(jar.toAbsolutePath());
        } catch (PatchException | RuntimeException e) {
            return null; // the engine's load refuses it, naming why
        }
    }

    /** @return the targets of the patch that exist nowhere; none if it could not be read */
    private List<String> foundNowhere(Patch patch) {
        return targets == null || patch == null ? List.of() : targets.foundNowhere(patch);
    }

    /**
     * @param patch the patch concerned, or null if unknown (an unreadable jar)
     * @param e the refusal
     * @return the outcome of a refused operation, also recorded for the flight recorder
     */
    private static String refusal(String patch, PatchException e) {
        if (LivePatchRecording.available()) {
            LivePatchRecording.refused(patch, e.getMessage());
        }
        return "refused (" + e.kind() + "): " + e.getMessage();
    }

    /** @return the SHA-256 of the jar's bytes, or null if it cannot be read */
    private static String sha256(Path jar) {
        try {
            return PatchJarReader.sha256(Files.readAllBytes(jar));
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            return null;
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
            p.put(AUDIT, audit.latest(String.valueOf(p.get("name"))));
            p.put(FOUND_NOWHERE, targetsFoundNowhere.getOrDefault(String.valueOf(p.get("name")),
                    List.of()));
        }
        if (answer.stale()) {
            json.put(STALE, "the engine is busy (an operation or a callback holds it); this is"
                    + " the latest status read");
        }
        return Json.write(json);
    }

    /** @return the engine's status as last read, without waiting for the engine's lock */
    EngineStatus latestStatus() {
        return status.read().value();
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
    public String auditJson() {
        return Json.write(audit.records());
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
