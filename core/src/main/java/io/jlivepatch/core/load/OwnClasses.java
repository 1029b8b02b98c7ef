package io.jlivepatch.core.load;

import java.util.List;

/**
 * The classes of jlivepatch itself (the agent, the engine, the boot jar's api and dispatch, the
 * command line and the shaded libraries), which no patch may target: a patch of the patcher
 * could switch off the consistency model it runs under.
 */
final class OwnClasses {

    private static final List<String> PACKAGES = List.of("io.jlivepatch.agent.",
            "io.jlivepatch.api.", "io.jlivepatch.build.", "io.jlivepatch.cli.",
            "io.jlivepatch.core.", "io.jlivepatch.dispatch.", "io.jlivepatch.shaded.");

    private OwnClasses() {
    }

    /**
     * @param className a binary class name, or null for the JVM object
     * @return whether it is a class of jlivepatch
     */
    static boolean contains(String className) {
        return className != null && PACKAGES.stream().anyMatch(className::startsWith);
    }
}
