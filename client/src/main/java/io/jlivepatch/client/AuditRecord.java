package io.jlivepatch.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record of the agent's audit trail: who asked for a load, disable, enable or force, when,
 * and how it ended.
 *
 * @param time when, ISO-8601
 * @param user the OS user who asked
 * @param pid the JVM's process id
 * @param action {@code load}, {@code disable}, {@code enable} or {@code force}
 * @param patch the patch name, or null if unknown (a refused load)
 * @param jar the patch jar, or null for the operations that name no jar
 * @param sha256 the jar's SHA-256 (lower-case hex), or null if unknown
 * @param outcome {@code ok}, or {@code refused (KIND): MESSAGE}
 */
public record AuditRecord(String time, String user, long pid, String action, String patch,
        String jar, String sha256, String outcome) {

    /**
     * @param json a record's JSON form
     * @return the record
     */
    public static AuditRecord of(Map<?, ?> json) {
        return new AuditRecord((String) json.get("time"), (String) json.get("user"),
                ((Number) json.get("pid")).longValue(), (String) json.get("action"),
                (String) json.get("patch"), (String) json.get("jar"),
                (String) json.get("sha256"), (String) json.get("outcome"));
    }

    /** @return {@code {"time":..,"user":..,"pid":..,"action":..,"patch":..,"jar":..,
     *     "sha256":..,"outcome":..}} */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("time", time);
        json.put("user", user);
        json.put("pid", pid);
        json.put("action", action);
        json.put("patch", patch);
        json.put("jar", jar);
        json.put("sha256", sha256);
        json.put("outcome", outcome);
        return json;
    }
}
