package io.jlivepatch.cli;

import io.jlivepatch.client.Refusal;
import io.jlivepatch.core.model.PatchException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of {@code jlp}, each with the meaning {@code jlp --help} lists. */
enum Exit {
    /** Done. */
    OK(0, "success"),
    /** Bad usage, or an error none of the others describes. */
    ERROR(1, "usage or other error"),
    /** The engine refused the operation; the JVM is unchanged. */
    REFUSED(2, "patch refused: invalid, incompatible, wrong state, not found or failed;"
            + " the JVM is unchanged"),
    /** Another transition is in progress. */
    BUSY(3, "busy: another patch is in transition; wait for it and try again"),
    /** A transition did not complete within {@code --timeout}; it goes on in the JVM. */
    TIMEOUT(4, "timed out waiting for a transition, which goes on in the JVM"),
    /** The JVM does not exist or cannot be attached to. */
    NO_JVM(5, "cannot attach: no such JVM, or it does not allow attaching"),
    /** {@code jlp build}: the builds differ in nothing a patch would carry. */
    NO_CHANGES(6, "build: no changes, the builds differ in nothing a patch would carry");

    final int code;
    private final String meaning;

    Exit(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /**
     * @param kind why the engine refused
     * @return {@link #BUSY} for {@code BUSY}, {@link #REFUSED} for the others
     */
    static Exit of(PatchException.Kind kind) {
        return kind == PatchException.Kind.BUSY ? BUSY : REFUSED;
    }

    /**
     * @param kind why the agent refused
     * @return {@link #BUSY} for {@code BUSY}, {@link #REFUSED} for the others
     */
    static Exit of(Refusal.Kind kind) {
        return kind == Refusal.Kind.BUSY ? BUSY : REFUSED;
    }

    /** @return code to meaning, in order, for the usage message */
    static Map<String, String> descriptions() {
        Map<String, String> list = new LinkedHashMap<>();
        for (Exit exit : values()) {
            list.put(Integer.toString(exit.code), exit.meaning);
        }
        return list;
    }
}
