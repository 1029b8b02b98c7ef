package io.jlivepatch.cli;

/**
 * A command failed: {@link Main} prints {@code jlp: REASON} on stderr and exits with the code.
 */
final class CommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final Exit exit;

    /**
     * @param exit the exit code
     * @param reason one line saying what failed and what to do
     */
    CommandException(Exit exit, String reason) {
        super(reason);
        this.exit = exit;
    }
}
