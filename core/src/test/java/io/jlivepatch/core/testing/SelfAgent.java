package io.jlivepatch.core.testing;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Gives tests the test JVM's own {@link Instrumentation}, by attaching an agent to itself
 * (surefire runs with {@code -Djdk.attach.allowAttachSelf=true}).
 */
public final class SelfAgent {

    private static volatile Instrumentation instrumentation;

    private SelfAgent() {
    }

    /** Agent entry point. */
    public static void agentmain(String args, Instrumentation inst) {
        instrumentation = inst;
    }

    /** @return this JVM's instrumentation, attaching on first use */
    public static synchronized Instrumentation instrumentation() throws Exception {
        if (instrumentation == null) {
            Path jar = Files.createTempFile("jlp-self-agent", ".jar");
            Manifest manifest = new Manifest();
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            main.putValue("Agent-Class", SelfAgent.class.getName());
            main.putValue("Can-Retransform-Classes", "true");
            main.putValue("Can-Redefine-Classes", "true");
            try (OutputStream out = Files.newOutputStream(jar);
                    JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
                jarOut.flush();
            }
            VirtualMachine vm = VirtualMachine.attach(Long.toString(ProcessHandle.current().pid()));
            try {
                vm.loadAgent(jar.toString());
            } finally {
                vm.detach();
            }
            Files.deleteIfExists(jar);
        }
        return instrumentation;
    }

    /** Deletes a file, for cleanup in tests. */
    public static void delete(Path path) throws IOException {
        Files.deleteIfExists(path);
    }
}
