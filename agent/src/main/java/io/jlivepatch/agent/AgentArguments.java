package io.jlivepatch.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent's arguments ({@code -javaagent:jlp.jar=ARGS}, or the options of an attach):
 * comma-separated {@code key=value} pairs. {@code patches=DIR} loads every patch jar of DIR at
 * start (kpatch's {@code install}); any other argument is ignored with a warning, so a typo never
 * stops the application from starting.
 */
final class AgentArguments {

    private static final String PATCHES = "patches";

    private AgentArguments() {
    }

    /**
     * @param args the argument string, or null
     * @return the directory of {@code patches=DIR}, if given (the last one wins)
     */
    static Optional<Path> patchesDirectory(String args) {
        Path directory = null;
        if (args != null) {
            for (String pair : args.split(",")) {
                String item = pair.strip();
                int eq = item.indexOf('=');
                if (eq > 0 && item.substring(0, eq).strip().equals(PATCHES)) {
                    directory = Path.of(item.substring(eq + 1).strip());
                }
            }
        }
        return Optional.ofNullable(directory);
    }

    /**
     * @param args the argument string, or null
     * @return one warning per argument that is ignored, in order
     */
    static List<String> warnings(String args) {
        List<String> warnings = new ArrayList<>();
        if (args == null || args.isBlank()) {
            return warnings;
        }
        for (String pair : args.split(",")) {
            String item = pair.strip();
            int eq = item.indexOf('=');
            String key = eq < 0 ? item : item.substring(0, eq).strip();
            if (item.isEmpty()) {
                continue;
            } else if (eq <= 0) {
                warnings.add("ignoring agent argument '" + item + "': expected key=value");
            } else if (!key.equals(PATCHES)) {
                warnings.add("ignoring unknown agent argument '" + key + "': the only one is"
                        + " patches=DIR");
            }
        }
        return warnings;
    }
}
