package io.jlivepatch.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command failed: {@link Main} prints {@code jlp: REASON} on stderr and exits with the code.
 */
final class CommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final Exit exit;
    /** More members of the {@code --json} error object, for example the pending threads. */
    final transient Map<String, Object> details;

    /**
     * @param exit the exit code
     * @param reason one line saying what failed and what to do
     */
    CommandException(Exit exit, String reason) {
        this(exit, reason, Map.of());
    }

    /**
     * @param exit the exit code
     * @param reason one line saying what failed and what to do
     * @param details more members of the {@code --json} error object
     */
    CommandException(Exit exit, String reason, Map<String, Object> details) {
        super(reason);
        this.exit = exit;
        this.details = new LinkedHashMap<>(details);
    }
}
