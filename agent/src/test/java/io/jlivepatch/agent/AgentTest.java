package io.jlivepatch.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTest {

    private static final byte[] JAR = "not really a jar".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    @Test
    void bootJarIsWrittenOnceToAPrivateDirectoryNamedByItsChecksum() throws IOException {
        Path first = Agent.extractBootJar(JAR, tmp);
        Path second = Agent.extractBootJar(JAR, tmp);

        assertEquals(first, second);
        assertArrayEquals(JAR, Files.readAllBytes(first));
        assertTrue(first.getFileName().toString().matches("jlp-boot-[0-9a-f]{16}\\.jar"));
        assertEquals(tmp, first.getParent().getParent());
        try (Stream<Path> files = Files.list(first.getParent())) {
            assertEquals(List.of(first), files.toList(), "no partial file is left behind");
        }
        if (isPosix()) {
            assertEquals("rwx------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(first.getParent())));
        }
    }

    @Test
    void anotherBootJarGetsAnotherFile() throws IOException {
        Path first = Agent.extractBootJar(JAR, tmp);
        Path other = Agent.extractBootJar("another jar".getBytes(StandardCharsets.UTF_8), tmp);

        assertNotEquals(first, other);
        assertArrayEquals(JAR, Files.readAllBytes(first));
    }

    @Test
    void aDamagedCopyIsReplaced() throws IOException {
        Path file = Agent.extractBootJar(JAR, tmp);
        Files.write(file, new byte[] {1, 2, 3});

        assertEquals(file, Agent.extractBootJar(JAR, tmp));
        assertArrayEquals(JAR, Files.readAllBytes(file));
    }

    @Test
    void aDirectoryOthersCanWriteIsRefused() throws IOException {
        assumeTrue(isPosix());
        Path dir = Agent.extractBootJar(JAR, tmp).getParent();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        IOException e = assertThrows(IOException.class, () -> Agent.extractBootJar(JAR, tmp));
        assertTrue(e.getMessage().contains("rwx------"), e.getMessage());
    }

    @Test
    void aDirectoryAnotherUserMadeFirstIsRefused() throws IOException {
        assumeTrue(isPosix());
        assumeTrue(isRoot(), "only root can give a directory to another user; run as root");
        // Another user made it first in a shared temporary directory, private to that user.
        Path dir = Files.createDirectory(tmp.resolve("jlivepatch-" + userName()),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rwx------")));
        UserPrincipal nobody = tmp.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("nobody");
        Files.setOwner(dir, nobody);

        IOException e = assertThrows(IOException.class, () -> Agent.extractBootJar(JAR, tmp));
        assertTrue(e.getMessage().contains("owned by nobody"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "nothing was written into it");
        }
    }

    @Test
    void aSymbolicLinkInPlaceOfTheDirectoryIsRefused() throws IOException {
        assumeTrue(isPosix());
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rwx------")));
        Files.createSymbolicLink(tmp.resolve("jlivepatch-" + userName()), elsewhere);

        IOException e = assertThrows(IOException.class, () -> Agent.extractBootJar(JAR, tmp));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        try (Stream<Path> files = Files.list(elsewhere)) {
            assertEquals(List.of(), files.toList(), "nothing was written through the link");
        }
    }

    private static String userName() {
        return System.getProperty("user.name").replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    private boolean isPosix() {
        return tmp.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
