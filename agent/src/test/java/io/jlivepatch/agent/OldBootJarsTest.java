package io.jlivepatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boot jars of other versions in the agent's private directory are removed when nothing uses
 * them: never the current one, one a process has open, one a running JVM has on its bootstrap
 * class path, or a link (nor what it points to).
 */
class OldBootJarsTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java")
            .toString();

    @TempDir
    Path tmp;

    private static Path jar(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new ZipEntry("old/Marker.txt"));
            jar.write("an earlier boot jar".getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @Test
    void onlyUnusedRegularFilesOfOtherVersionsAreRemoved() throws IOException {
        Path dir = Agent.bootJarDirectory(tmp);
        Path current = jar(dir.resolve("jlp-boot-0000000000000001.jar"));
        Path unused = jar(dir.resolve("jlp-boot-0000000000000002.jar"));
        Path open = jar(dir.resolve("jlp-boot-0000000000000003.jar"));
        Path held = jar(dir.resolve("jlp-boot-0000000000000005.jar"));
        OldBootJars.hold(held);
        Path outside = jar(tmp.resolve("elsewhere.jar"));
        Path link = Files.createSymbolicLink(dir.resolve("jlp-boot-0000000000000004.jar"),
                outside);
        try (FileChannel reading = FileChannel.open(open, StandardOpenOption.READ)) {

            List<Path> removed = OldBootJars.remove(dir, current);

            assertEquals(List.of(unused), removed);
            assertTrue(reading.isOpen());
        }
        assertFalse(Files.exists(unused));
        assertTrue(Files.exists(current), "the jar this JVM uses stays");
        assertTrue(Files.exists(open), "a jar a process has open stays");
        assertTrue(Files.exists(held), "a jar a JVM holds stays");
        assertTrue(Files.exists(link, LinkOption.NOFOLLOW_LINKS), "a link is not touched");
        assertTrue(Files.exists(outside), "what a link points to is not touched");
    }

    @Test
    void aJarOnTheBootstrapClassPathOfARunningJvmStaysUntilItExits() throws Exception {
        Path dir = Agent.bootJarDirectory(tmp);
        Path current = jar(dir.resolve("jlp-boot-0000000000000001.jar"));
        Path old = jar(dir.resolve("jlp-boot-0000000000000002.jar"));
        Path main = Files.writeString(tmp.resolve("Wait.java"), "class Wait { public static"
                + " void main(String[] a) throws Exception { System.out.println(\"ready\");"
                + " System.in.read(); } }");
        Process jvm = new ProcessBuilder(JAVA, "-Xbootclasspath/a:" + old, main.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine());

            assertEquals(List.of(), OldBootJars.remove(dir, current));
            assertTrue(Files.exists(old), "the running JVM's boot jar stays");
        } finally {
            jvm.destroy();
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of(old), OldBootJars.remove(dir, current));
    }

    @Test
    void theLockIsARegularFileTakenAgainOnceReleased() throws IOException {
        Path dir = Agent.bootJarDirectory(tmp);
        try (FileChannel lock = OldBootJars.lock(dir)) {
            assertTrue(lock.isOpen());
            assertTrue(Files.isRegularFile(dir.resolve(".lock"), LinkOption.NOFOLLOW_LINKS));
        }
        try (FileChannel again = OldBootJars.lock(dir)) {
            assertTrue(again.isOpen(), "released and taken again");
        }
    }
}
