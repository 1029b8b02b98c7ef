package io.jlivepatch.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A live thread's patch state (the kernel's {@code /proc/PID/patch_state}).
 *
 * @param name the thread's name
 * @param id its id
 * @param patchState -1 outside a transition, 0 unpatched, 1 patched
 */
public record ThreadState(String name, long id, int patchState) {

    /**
     * @param json a thread state's JSON form
     * @return the thread state
     */
    public static ThreadState of(Map<?, ?> json) {
        return new ThreadState((String) json.get("name"), ((Number) json.get("id")).longValue(),
                ((Number) json.get("patchState")).intValue());
    }

    /** @return {@code {"name":..,"id":..,"patchState":..}} */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("id", id);
        json.put("patchState", patchState);
        return json;
    }
}
