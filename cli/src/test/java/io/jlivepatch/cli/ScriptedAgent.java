package io.jlivepatch.cli;

import io.jlivepatch.client.Json;
import io.jlivepatch.core.events.Event;
import io.jlivepatch.core.mbean.LivePatchMXBean;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.status.EngineStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent that plays back one scripted state per status read, staying on the last, and logs
 * one event {@code livepatch: state N} each time it moves to the next state. One event was
 * logged before any command ran. Operations are recorded in {@link #calls}, and refused with
 * {@link #refusal} when one is set.
 */
final class ScriptedAgent implements LivePatchMXBean {

    private final long pid;
    private final Deque<EngineStatus> states;
    private final List<Event> events = new ArrayList<>(List.of(
            new Event(1, 0, Event.Level.NOTICE, "livepatch: before the watch")));
    private EngineStatus last;

    /** The operations called, for example {@code force} or {@code enable fix-1}. */
    final List<String> calls = new ArrayList<>();
    /** What every operation throws, or null to accept them. */
    PatchException refusal;
    /** The answer of {@link #getThreadStatesJson}. */
    String threadStatesJson = "[]";

    ScriptedAgent(long pid, EngineStatus... states) {
        this.pid = pid;
        this.states = new ArrayDeque<>(List.of(states));
    }

    @Override
    public synchronized String getStatusJson() {
        EngineStatus status = states.size() > 1 ? states.removeFirst() : states.getFirst();
        if (status != last) {
            last = status;
            events.add(new Event(events.size() + 1, 0, Event.Level.NOTICE,
                    "livepatch: state " + events.size()));
        }
        return Json.write(status.toJson(pid));
    }

    @Override
    public String loadStrict(String jarPath) {
        throw new UnsupportedOperationException("loadStrict");
    }

    @Override
    public String auditJson() {
        return "[]";
    }

    @Override
    public synchronized String eventsJson(long afterSequence) {
        List<Object> json = new ArrayList<>();
        for (Event e : events) {
            if (e.sequence() > afterSequence) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("sequence", e.sequence());
                m.put("time", e.timeMillis());
                m.put("level", e.level().name());
                m.put("message", e.message());
                json.add(m);
            }
        }
        return Json.write(json);
    }

    @Override
    public String getThreadStatesJson() {
        return threadStatesJson;
    }

    @Override
    public String load(String jarPath) throws PatchException {
        operation("load " + jarPath);
        return "fix-1";
    }

    @Override
    public void disable(String name) throws PatchException {
        operation("disable " + name);
    }

    @Override
    public void enable(String name) throws PatchException {
        operation("enable " + name);
    }

    @Override
    public void force() throws PatchException {
        operation("force");
    }

    private synchronized void operation(String call) throws PatchException {
        calls.add(call);
        if (refusal != null) {
            throw refusal;
        }
    }

    @Override
    public String[] getEvents() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String[] getPatchNames() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String getTransition() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String getVersion() {
        return "test";
    }
}
