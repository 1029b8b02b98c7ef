package io.jlivepatch.agent.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jlivepatch.core.mbean.LivePatchMXBean;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed with SIGKILL leaves its control directory behind; the next agent of the same user
 * removes it, and only it: not a live JVM's, not another user's.
 */
class StaleChannelsTest {

    @TempDir
    Path tmp;

    @Test
    void onlyTheOwnDirectoriesOfGoneJvmsAreRemoved() throws Exception {
        long gone = goneProcess();
        long live = ProcessHandle.current().pid();
        Path stale = channel(".jlivepatch-" + gone + "-11");
        Path running = channel(".jlivepatch-" + live + "-12");
        Path foreign = channel(".jlivepatch-" + gone + "-13");
        boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        if (root) {
            UserPrincipal nobody = tmp.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("nobody");
            Files.setOwner(foreign, nobody);
        }

        ControlServer.start(tmp, bean(), System.getLogger("test"));

        assertFalse(Files.exists(stale), "the directory of a gone JVM is removed");
        assertTrue(Files.exists(running.resolve("control")), "a live JVM's stays");
        assumeTrue(root, "only root can give a directory to another user");
        assertTrue(Files.exists(foreign.resolve("control")), "another user's stays");
    }

    private Path channel(String name) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(name));
        Files.createFile(dir.resolve("control"));
        return dir;
    }

    private static long goneProcess() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }

    private static LivePatchMXBean bean() {
        return (LivePatchMXBean) Proxy.newProxyInstance(LivePatchMXBean.class.getClassLoader(),
                new Class<?>[] {LivePatchMXBean.class}, (proxy, method, args) -> null);
    }
}
