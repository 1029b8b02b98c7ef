package io.jlivepatch.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * The agent's arguments ({@code -javaagent:jlp.jar=ARGS}, or the options of an attach):
 * comma-separated {@code key=value} pairs. This version accepts none; each one given is
 * ignored with a warning, so a typo never stops the application from starting.
 */
final class AgentArguments {

    private AgentArguments() {
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
            } else if (key.equals("patches")) {
                warnings.add("ignoring agent argument '" + item + "': loading patches at"
                        + " startup is not supported by this version of jlivepatch; load them"
                        + " with 'jlp load PID JAR' once the JVM runs");
            } else {
                warnings.add("ignoring unknown agent argument '" + key + "': this version of"
                        + " jlivepatch accepts none");
            }
        }
        return warnings;
    }
}
