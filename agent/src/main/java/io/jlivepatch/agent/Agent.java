package io.jlivepatch.agent;

import io.jlivepatch.client.ControlConnection;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.jar.JarFile;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The java agent's entry points: {@code Premain-Class} and {@code Agent-Class} of jlp.jar, for
 * {@code -javaagent:jlp.jar} and for {@code jlp load} attaching at run time.
 *
 * <p>This class references JDK types only. It runs before the boot jar (the patch API and the
 * dispatch runtime of woven prologues) is on the bootstrap class path, and nothing of ours that
 * links against those classes may load earlier, or it would link against the wrong copy. Once
 * the jar is appended it hands over to {@code AgentRuntime}, loaded by name.
 *
 * <p>Starting twice (a second attach) is harmless: the boot jar is appended once and the runtime
 * starts once. Nothing is ever printed except through the {@code System.Logger} named
 * {@value #LOGGER_NAME}; no exception escapes into the application.
 */
public final class Agent {

    /**
     * The system property the running agent sets to its version: how {@code jlp} tells whether
     * a JVM runs jlivepatch without opening a JMX connection.
     */
    public static final String VERSION_PROPERTY = ControlConnection.VERSION_PROPERTY;

    static final String LOGGER_NAME = "io.jlivepatch";
    static final String BOOT_JAR_RESOURCE = "/META-INF/jlivepatch/jlp-boot.jar";

    private static boolean bootJarAppended;

    private Agent() {
    }

    /**
     * Entry point of {@code -javaagent:jlp.jar[=ARGS]}.
     *
     * @param args comma-separated {@code key=value} pairs, or null
     * @param inst the JVM's instrumentation
     */
    public static void premain(String args, Instrumentation inst) {
        start(args, inst);
    }

    /**
     * Entry point of a dynamic attach ({@code VirtualMachine.loadAgent}).
     *
     * @param args comma-separated {@code key=value} pairs, or null
     * @param inst the JVM's instrumentation
     */
    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst);
    }

    private static synchronized void start(String args, Instrumentation inst) {
        try {
            if (!bootJarAppended) {
                appendBootJar(inst);
                bootJarAppended = true;
            }
            Class.forName("io.jlivepatch.agent.AgentRuntime")
                    .getDeclaredMethod("start", String.class, Instrumentation.class)
                    .invoke(null, args, inst);
        } catch (InvocationTargetException e) {
            fail(e.getCause());
        } catch (Exception | LinkageError e) {
            // An exception escaping agentmain would be printed on the application's stderr.
            fail(e);
        }
    }

    private static void fail(Throwable e) {
        System.getLogger(LOGGER_NAME).log(System.Logger.Level.ERROR,
                "jlivepatch agent failed to start; no patch can be loaded in this JVM", e);
    }

    private static void appendBootJar(Instrumentation inst) throws IOException {
        byte[] jar;
        try (InputStream in = Agent.class.getResourceAsStream(BOOT_JAR_RESOURCE)) {
            if (in == null) {
                // Run from class directories (tests): the boot classes are on the class path.
                return;
            }
            jar = in.readAllBytes();
        }
        Path tmpDir = Path.of(System.getProperty("java.io.tmpdir"));
        Path dir = bootJarDirectory(tmpDir);
        try (FileChannel lock = OldBootJars.lock(dir)) {
            Path file = extractBootJar(jar, tmpDir);
            inst.appendToBootstrapClassLoaderSearch(new JarFile(file.toFile()));
            OldBootJars.hold(file);
            for (Path removed : OldBootJars.remove(dir, file)) {
                System.getLogger(LOGGER_NAME).log(System.Logger.Level.DEBUG, "removed the boot"
                        + " jar of another jlivepatch version, which no process uses: " + removed);
            }
        }
    }

    /**
     * @param tmpDir the temporary directory
     * @return the private directory of this user's boot jars, made if it is missing
     * @throws IOException if it cannot be made, or is not private
     */
    static Path bootJarDirectory(Path tmpDir) throws IOException {
        return PrivateDirectory.createOrCheck(tmpDir.resolve("jlivepatch-"
                + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_")),
                "the jlivepatch boot jar, which goes on the bootstrap class path");
    }

    /**
     * Writes the boot jar to the private directory under {@code tmpDir}
     * ({@link #bootJarDirectory}), named by a checksum of its content, unless an identical file
     * is there already. The file appears whole or not at all (written beside it, then renamed).
     *
     * @param jar the boot jar's bytes
     * @param tmpDir the temporary directory
     * @return the file
     * @throws IOException if it cannot be written, or the directory is not private
     */
    static Path extractBootJar(byte[] jar, Path tmpDir) throws IOException {
        Path dir = bootJarDirectory(tmpDir);
        Path file = dir.resolve("jlp-boot-" + checksum(jar) + ".jar");
        if (PrivateDirectory.isOwnRegularFile(file)
                && Arrays.equals(Files.readAllBytes(file), jar)) {
            return file;
        }
        return PrivateDirectory.writeWhole(file, jar);
    }

    /**
     * @return 16 hex digits: CRC-32 and CRC-32C of {@code bytes}. Not a cryptographic hash, and
     *     need not be: the directory is private and an existing file is compared byte for byte;
     *     it only tells versions apart. A cryptographic digest would cost the first attach
     *     60-100 ms of security provider start-up in the target.
     */
    static String checksum(byte[] bytes) {
        CRC32 crc32 = new CRC32();
        crc32.update(bytes);
        CRC32C crc32c = new CRC32C();
        crc32c.update(bytes);
        return HexFormat.of().toHexDigits(crc32.getValue() << 32 | crc32c.getValue());
    }
}
