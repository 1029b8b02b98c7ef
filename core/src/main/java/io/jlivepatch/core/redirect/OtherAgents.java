package io.jlivepatch.core.redirect;

import io.jlivepatch.core.status.EngineStatus.OtherAgent;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The other Java agents this JVM's command line names ({@code -javaagent:JAR}), and whether
 * their transformers run before jlivepatch's or after it. The JVM runs the agents' transformers
 * in the order the agents started: those listed before {@code -javaagent:jlp.jar} run before
 * it, those after it run after it, and every agent on the command line runs before jlivepatch
 * when {@code jlp load} attached it. The JVM names no transformer and lists no agent attached at
 * run time, so those stay unnamed; and whether an agent after jlivepatch changes a given class
 * cannot be seen from jlivepatch's transformer (it runs on what jlivepatch passes on).
 */
public final class OtherAgents {

    private static final String JAVAAGENT = "-javaagent:";

    private static final List<OtherAgent> OF_THIS_JVM = read(arguments(), ownJar());

    private OtherAgents() {
    }

    /** @return the other agents of this JVM's command line, in their order */
    public static List<OtherAgent> ofThisJvm() {
        return OF_THIS_JVM;
    }

    /**
     * @param arguments the JVM's input arguments
     * @param own the path of jlivepatch's own agent jar, or {@code null}
     * @return the agents other than jlivepatch, in command-line order
     */
    static List<OtherAgent> read(List<String> arguments, Path own) {
        List<Path> jars = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.startsWith(JAVAAGENT)) {
                String spec = argument.substring(JAVAAGENT.length());
                int options = spec.indexOf('=');
                jars.add(canonical(Path.of(options < 0 ? spec : spec.substring(0, options))));
            }
        }
        int self = own == null ? -1 : jars.indexOf(own);
        List<OtherAgent> agents = new ArrayList<>();
        for (int i = 0; i < jars.size(); i++) {
            if (i != self) {
                agents.add(new OtherAgent(jars.get(i).getFileName().toString(), self < 0 || i < self));
            }
        }
        return List.copyOf(agents);
    }

    private static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException | RuntimeException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static List<String> arguments() {
        try {
            return ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
    }

    private static Path ownJar() {
        CodeSource source = OtherAgents.class.getProtectionDomain().getCodeSource();
        try {
            return source == null ? null : canonical(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
