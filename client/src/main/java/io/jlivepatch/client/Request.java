package io.jlivepatch.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request line of the control channel: {@code {"op":"load","jar":"/p/fix.jar","strict":false}}.
 * Each request is answered by lines of {@link Answer}: progress lines, then one final answer.
 */
public sealed interface Request {

    /**
     * Loads a patch jar and enables it; answered with the patch name once its transition started.
     *
     * @param jar the jar's path in the JVM's file system
     * @param strict refuse the patch if a class it targets exists nowhere in the JVM
     */
    record Load(String jar, boolean strict) implements Request {
        @Override
        public String op() {
            return "load";
        }

        @Override
        public Map<String, Object> members() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("jar", jar);
            json.put("strict", strict);
            return json;
        }
    }

    /**
     * Disables a patch: starts its unpatching transition, or reverses its patching transition.
     *
     * @param patch the patch name
     */
    record Disable(String patch) implements Request {
        @Override
        public String op() {
            return "disable";
        }

        @Override
        public Map<String, Object> members() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("patch", patch);
            return json;
        }
    }

    /**
     * Reverses the unpatching transition of a patch.
     *
     * @param patch the patch name
     */
    record Enable(String patch) implements Request {
        @Override
        public String op() {
            return "enable";
        }

        @Override
        public Map<String, Object> members() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("patch", patch);
            return json;
        }
    }

    /** Completes the transition in progress without the consistency check. */
    record Force() implements Request {
        @Override
        public String op() {
            return "force";
        }
    }

    /** Answered with the status document. */
    record ReadStatus() implements Request {
        @Override
        public String op() {
            return "status";
        }
    }

    /** Answered with the patch state of every live thread. */
    record ReadThreadStates() implements Request {
        @Override
        public String op() {
            return "threads";
        }
    }

    /**
     * Answered with the kept events after a sequence number.
     *
     * @param afterSequence only events after this one (0 for all kept)
     */
    record ReadEvents(long afterSequence) implements Request {
        @Override
        public String op() {
            return "events";
        }

        @Override
        public Map<String, Object> members() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("after", afterSequence);
            return json;
        }
    }

    /** Answered with the audit trail kept in memory. */
    record ReadAudit() implements Request {
        @Override
        public String op() {
            return "audit";
        }
    }

    /**
     * Answered when no transition of the patch runs any more, or at the timeout: meanwhile the
     * agent sends each event it logs after {@code afterSequence}, and every few seconds the
     * status.
     *
     * @param patch the patch name
     * @param timeoutMillis how long to wait at most
     * @param afterSequence the last event the client has seen
     */
    record AwaitTransition(String patch, long timeoutMillis, long afterSequence)
            implements Request {
        @Override
        public String op() {
            return "awaitTransition";
        }

        @Override
        public Map<String, Object> members() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("patch", patch);
            json.put("timeoutMillis", timeoutMillis);
            json.put("after", afterSequence);
            return json;
        }
    }

    /** @return the operation's name on the wire */
    String op();

    /** @return the request's members after {@code op}, in order */
    default Map<String, Object> members() {
        return Map.of();
    }

    /** @return the request line, without the line break */
    default String toLine() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("op", op());
        json.putAll(members());
        return Json.write(json);
    }

    /**
     * @param line a request line
     * @return the request it holds
     * @throws IllegalArgumentException if it is none, naming what is wrong
     */
    static Request read(String line) {
        if (!(Json.read(line) instanceof Map<?, ?> json) || !(json.get("op") instanceof String op)) {
            throw new IllegalArgumentException("not a control request: " + line);
        }
        return switch (op) {
            case "load" -> new Load(text(json, "jar"), Boolean.TRUE.equals(json.get("strict")));
            case "disable" -> new Disable(text(json, "patch"));
            case "enable" -> new Enable(text(json, "patch"));
            case "force" -> new Force();
            case "status" -> new ReadStatus();
            case "threads" -> new ReadThreadStates();
            case "events" -> new ReadEvents(number(json, "after"));
            case "audit" -> new ReadAudit();
            case "awaitTransition" -> new AwaitTransition(text(json, "patch"),
                    number(json, "timeoutMillis"), number(json, "after"));
            default -> throw new IllegalArgumentException("no operation " + op + "; this client"
                    + " and the agent may be of different versions");
        };
    }

    private static String text(Map<?, ?> json, String member) {
        if (json.get(member) instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException("the control request " + Json.write(json) + " lacks"
                + " the text member " + member);
    }

    private static long number(Map<?, ?> json, String member) {
        if (json.get(member) instanceof Long number) {
            return number;
        }
        throw new IllegalArgumentException("the control request " + Json.write(json) + " lacks"
                + " the whole number member " + member);
    }
}
