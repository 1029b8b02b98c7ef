package io.jlivepatch.agent;

import io.jlivepatch.core.CallbackDeadline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent's arguments ({@code -javaagent:jlp.jar=ARGS}, or the options of an attach):
 * comma-separated {@code key=value} pairs. {@code patches=DIR} loads every patch jar of DIR at
 * start (kpatch's {@code install}); {@code control=off} opens no control channel, so {@code jlp}
 * talks to the agent over JMX only; {@code callbackTimeout=DURATION} sets how long a patch
 * callback may run (the system property {@value CallbackDeadline#PROPERTY}); {@code trust=FILE}
 * names the trust policy ({@link TrustPolicy}; else the system property {@value TRUST_PROPERTY},
 * else {@code jlp-trust.p12} or {@code jlp-trust.jks} beside jlp.jar); {@code audit=FILE}
 * appends one JSON line per action to FILE ({@link AuditTrail}); any other argument is ignored with a warning, so a typo never
 * stops the application from starting.
 */
final class AgentArguments {

    private static final String PATCHES = "patches";
    private static final String CONTROL = "control";
    private static final String CALLBACK_TIMEOUT = "callbackTimeout";
    private static final String TRUST = "trust";
    private static final String AUDIT = "audit";
    private static final List<String> KEYS = List.of(PATCHES, CONTROL, CALLBACK_TIMEOUT, TRUST,
            AUDIT);
    /** The system property naming the trust policy, as {@code trust=FILE} does. */
    static final String TRUST_PROPERTY = "jlivepatch.trust";
    /** The system property holding the trust policy's password, if it has one. */
    static final String TRUST_PASSWORD_PROPERTY = "jlivepatch.trustPassword";
    /** The trust policies looked for beside jlp.jar, for JVMs it is attached to. */
    static final List<String> TRUST_FILES = List.of("jlp-trust.p12", "jlp-trust.jks");
    private static final String ON = "on";
    private static final String OFF = "off";

    private AgentArguments() {
    }

    /**
     * @param args the argument string, or null
     * @return the directory of {@code patches=DIR}, if given (the last one wins)
     */
    static Optional<Path> patchesDirectory(String args) {
        return last(args, PATCHES).map(Path::of);
    }

    /**
     * @param args the argument string, or null
     * @return false if {@code control=off} is given (the last one wins), true otherwise
     */
    static boolean controlChannel(String args) {
        boolean open = true;
        for (String[] pair : pairs(args)) {
            if (pair[0].equals(CONTROL)) {
                open = !pair[1].equals(OFF);
            }
        }
        return open;
    }

    /**
     * @param args the argument string, or null
     * @return the file of {@code audit=FILE}, if given (the last one wins)
     */
    static Optional<Path> auditFile(String args) {
        return last(args, AUDIT).map(Path::of);
    }

    /**
     * @param args the argument string, or null
     * @param agentJar the jar the agent runs from, or null
     * @return the trust policy file: {@code trust=FILE} (the last one wins), else the system
     *     property {@value TRUST_PROPERTY}, else a file of {@link #TRUST_FILES} beside the jar
     */
    static Optional<Path> trustPolicy(String args, Path agentJar) {
        Path file = last(args, TRUST).map(Path::of).orElse(null);
        if (file == null && System.getProperty(TRUST_PROPERTY) != null) {
            file = Path.of(System.getProperty(TRUST_PROPERTY));
        }
        if (file == null && agentJar != null && agentJar.getParent() != null) {
            file = TRUST_FILES.stream().map(agentJar.getParent()::resolve)
                    .filter(Files::isRegularFile).findFirst().orElse(null);
        }
        return Optional.ofNullable(file);
    }

    /**
     * @param args the argument string, or null
     * @return the valid value of {@code callbackTimeout=DURATION}, if given (the last one wins)
     */
    static Optional<String> callbackTimeout(String args) {
        String timeout = null;
        for (String[] pair : pairs(args)) {
            if (pair[0].equals(CALLBACK_TIMEOUT) && validTimeout(pair[1])) {
                timeout = pair[1];
            }
        }
        return Optional.ofNullable(timeout);
    }

    private static boolean validTimeout(String value) {
        try {
            CallbackDeadline.parse(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
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
            String value = eq < 0 ? "" : item.substring(eq + 1).strip();
            if (item.isEmpty()) {
                continue;
            } else if (eq <= 0) {
                warnings.add("ignoring agent argument '" + item + "': expected key=value");
            } else if (key.equals(CONTROL) && !value.equals(OFF) && !value.equals(ON)) {
                warnings.add("ignoring agent argument '" + item + "': control is on or off");
            } else if (key.equals(CALLBACK_TIMEOUT) && !validTimeout(value)) {
                warnings.add("ignoring agent argument '" + item + "': give a duration such as"
                        + " 10s; callbacks keep the default of " + CallbackDeadline.DEFAULT
                        .toSeconds() + " s");
            } else if (!KEYS.contains(key)) {
                warnings.add("ignoring unknown agent argument '" + key + "': the arguments are"
                        + " patches=DIR, control=off, callbackTimeout=DURATION, trust=FILE and"
                        + " audit=FILE");
            }
        }
        return warnings;
    }

    /** @return the value of the last {@code key=value} argument with that key */
    private static Optional<String> last(String args, String key) {
        String value = null;
        for (String[] pair : pairs(args)) {
            if (pair[0].equals(key)) {
                value = pair[1];
            }
        }
        return Optional.ofNullable(value);
    }

    /** @return the stripped key and value of each {@code key=value} argument, in order */
    private static List<String[]> pairs(String args) {
        List<String[]> pairs = new ArrayList<>();
        if (args != null) {
            for (String pair : args.split(",")) {
                String item = pair.strip();
                int eq = item.indexOf('=');
                if (eq > 0) {
                    pairs.add(new String[] {item.substring(0, eq).strip(),
                        item.substring(eq + 1).strip()});
                }
            }
        }
        return pairs;
    }
}
