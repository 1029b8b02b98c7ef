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

    private boolean isPosix() {
        return tmp.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
