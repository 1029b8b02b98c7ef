package io.jlivepatch.cli;

import io.jlivepatch.client.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one JSON object {@code jlp --json} prints on stdout when a command fails, for programs
 * (the Ansible module reads it); its member names are a contract:
 * {@code {"exit":4,"kind":"timeout","message":"...",...}} with {@code exit} the exit code,
 * {@code kind} its name ({@code error}, {@code refused}, {@code busy}, {@code timeout},
 * {@code no_jvm}), {@code message} the line also printed on stderr, and where known
 * {@code reason} (the engine's refusal: {@code INVALID_PATCH}, {@code INCOMPATIBLE},
 * {@code INVALID_STATE}, {@code NOT_FOUND}, {@code FAILED}, {@code BUSY}), and for a timeout
 * {@code pid}, {@code patch}, {@code target} and {@code pendingThreads}
 * ({@code [{"name":..,"id":..,"blockedIn":..}]}).
 */
final class ErrorJson {

    /** The member naming the engine's refusal. */
    static final String REASON = "reason";

    private ErrorJson() {
    }

    /**
     * @param failure what failed
     * @return the error object, one line
     */
    static String of(CommandException failure) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("exit", failure.exit.code);
        json.put("kind", failure.exit.name().toLowerCase(Locale.ROOT));
        json.put("message", failure.getMessage());
        json.putAll(failure.details);
        return Json.write(json);
    }
}
