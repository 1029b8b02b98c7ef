package io.jlivepatch.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer line of the control channel. A request gets any number of progress lines
 * ({@link Progress}, {@link Waiting}), then one final line: {@link Value}, {@link Refused} or
 * {@link Failed}. Each is one line of compact JSON, which never holds a raw line break.
 */
public sealed interface Answer {

    /**
     * The request was served.
     *
     * @param value its result: a string, a number, a list or an object, or null for none
     */
    record Value(Object value) implements Answer {
        @Override
        public String toLine() {
            return line("value", value);
        }
    }

    /**
     * The agent refused the operation; nothing changed.
     *
     * @param kind why
     * @param message what was refused and what to do
     */
    record Refused(Refusal.Kind kind, String message) implements Answer {
        @Override
        public String toLine() {
            Map<String, Object> refused = new LinkedHashMap<>();
            refused.put("kind", kind.name());
            refused.put("message", message);
            return line("refused", refused);
        }
    }

    /**
     * Serving the request went wrong otherwise (a bad request, a fault in the agent).
     *
     * @param message what went wrong
     */
    record Failed(String message) implements Answer {
        @Override
        public String toLine() {
            return line("failed", message);
        }
    }

    /**
     * An event the agent logged while the client waits.
     *
     * @param event the event
     */
    record Progress(Event event) implements Answer {
        @Override
        public String toLine() {
            return line("event", event.toJson());
        }
    }

    /**
     * The wait goes on.
     *
     * @param millis how long the agent has waited
     * @param status the status now
     */
    record Waiting(long millis, Status status) implements Answer {
        @Override
        public String toLine() {
            Map<String, Object> waiting = new LinkedHashMap<>();
            waiting.put("millis", millis);
            waiting.put("status", status.json());
            return line("waiting", waiting);
        }
    }

    /** @return the answer line, without the line break */
    String toLine();

    private static String line(String member, Object value) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(member, value);
        return Json.write(json);
    }

    /**
     * @param line an answer line
     * @return the answer it holds
     * @throws IllegalStateException if it is none
     */
    @SuppressWarnings("unchecked")
    static Answer read(String line) {
        if (Json.read(line) instanceof Map<?, ?> json && json.size() == 1) {
            if (json.containsKey("value")) {
                return new Value(json.get("value"));
            } else if (json.get("refused") instanceof Map<?, ?> refused) {
                return new Refused(Refusal.Kind.named(String.valueOf(refused.get("kind"))),
                        String.valueOf(refused.get("message")));
            } else if (json.get("failed") instanceof String message) {
                return new Failed(message);
            } else if (json.get("event") instanceof Map<?, ?> event) {
                return new Progress(Event.of(event));
            } else if (json.get("waiting") instanceof Map<?, ?> waiting
                    && waiting.get("status") instanceof Map<?, ?> status) {
                return new Waiting(((Number) waiting.get("millis")).longValue(),
                        new Status((Map<String, Object>) status));
            }
        }
        throw new IllegalStateException("not a control answer: " + line);
    }
}
