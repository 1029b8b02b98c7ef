package io.jlivepatch.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the agent's event log (the kernel's {@code livepatch:} lines in dmesg).
 *
 * @param sequence its number, increasing
 * @param time when it was logged, in milliseconds since the epoch
 * @param level {@code DEBUG}, {@code NOTICE}, {@code WARNING} or {@code ERROR}
 * @param message the text
 */
public record Event(long sequence, long time, String level, String message) {

    /**
     * @param json an event's JSON form
     * @return the event
     */
    public static Event of(Map<?, ?> json) {
        return new Event(((Number) json.get("sequence")).longValue(),
                ((Number) json.get("time")).longValue(), (String) json.get("level"),
                (String) json.get("message"));
    }

    /** @return {@code {"sequence":..,"time":..,"level":..,"message":..}} */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sequence", sequence);
        json.put("time", time);
        json.put("level", level);
        json.put("message", message);
        return json;
    }
}
