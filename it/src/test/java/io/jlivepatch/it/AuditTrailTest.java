package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.client.Json;
import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every load, disable, enable and force records who asked (the OS user of jlp), when, the patch
 * and its jar's SHA-256: in {@code jlp log}, in {@code status} per patch, and with
 * {@code audit=FILE} as one JSON line per action appended to that file (0600, never truncated).
 */
class AuditTrailTest {

    private static final String K1 = "test_klp_livepatch";

    @Test
    @SuppressWarnings("unchecked")
    void loadsDisablesAndRefusalsAreRecordedWithUserAndHash() throws Exception {
        Path file = Jars.workDir().resolve("audit/jlivepatch-audit.jsonl");
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.writeString(file, "{\"earlier\":\"line\"}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        String user = System.getProperty("user.name");
        Path jar = Jars.patch("k1");
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(jar)));
        try (TargetJvm jvm = TargetJvm.startPreloaded("audit=" + file)) {
            Jlp.ok("load", jvm.pid(), jar);
            Map<String, Object> status = Jlp.ok("status", "--json", jvm.pid()).json();
            Map<String, Object> patch = (Map<String, Object>) ((List<Object>) status
                    .get("patches")).get(0);
            Map<String, Object> audit = (Map<String, Object>) patch.get("audit");
            assertEquals(user, audit.get("user"), status.toString());
            assertEquals("load", audit.get("action"));
            assertEquals(sha256, audit.get("sha256"));
            assertTrue(Jlp.ok("status", jvm.pid()).out().contains("   " + K1 + ": signer"
                    + " unsigned, load by " + user + " at "));

            Jlp.run("load", jvm.pid(), Jars.patch("refusemissingmethod"));
            Jlp.ok("disable", jvm.pid(), K1);

            String log = Jlp.ok("log", jvm.pid()).out();
            assertTrue(log.contains(" " + user + " load '" + K1 + "' " + jar + " sha256 "
                    + sha256 + ": ok"), log);
            assertTrue(log.contains(" " + user + " disable '" + K1 + "' sha256 " + sha256
                    + ": ok"), log);
            assertTrue(log.contains(" " + user + " load " + Jars.patch("refusemissingmethod")),
                    log);
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals("{\"earlier\":\"line\"}", lines.get(0), "the file is never truncated");
        assertEquals(4, lines.size(), lines.toString());
        List<String> actions = lines.subList(1, 4).stream()
                .map(l -> (Map<String, Object>) Json.read(l))
                .map(r -> r.get("user") + " " + r.get("action") + " " + r.get("patch") + " "
                        + (r.get("sha256") != null) + " " + ((String) r.get("outcome"))
                        .split(" ")[0])
                .toList();
        assertEquals(List.of(user + " load " + K1 + " true ok",
                user + " load null true refused",
                user + " disable " + K1 + " true ok"), actions);
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void startupPatchesAreRecordedWithTheirJarAndHash() throws Exception {
        Path dir = Files.createDirectories(Jars.workDir().resolve("audit/startup-patches"));
        Path jar = dir.resolve("a-k1.jar");
        Files.copy(Jars.patch("k1"), jar, StandardCopyOption.REPLACE_EXISTING);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(jar)));
        Path file = Jars.workDir().resolve("audit/startup-audit.jsonl");
        Files.deleteIfExists(file);
        try (TargetJvm jvm = TargetJvm.startPreloaded("patches=" + dir + ",audit=" + file)) {
            List<Object> audit = (List<Object>) Jlp.ok("log", "--json", jvm.pid()).json()
                    .get("audit");
            assertEquals(1, audit.size(), audit.toString());
            Map<String, Object> record = (Map<String, Object>) audit.get(0);
            assertEquals("startup (patches=DIR)", record.get("user"));
            assertEquals(K1, record.get("patch"));
            assertEquals(jar.toString(), record.get("jar"));
            assertEquals(sha256, record.get("sha256"));
        }
        Map<String, Object> line = (Map<String, Object>) Json.read(Files.readAllLines(file)
                .get(0));
        assertEquals(sha256, line.get("sha256"), line.toString());
    }

    @Test
    void aNewAuditFileIsCreatedPrivate() throws Exception {
        Path file = Jars.workDir().resolve("audit/new-audit.jsonl");
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try (TargetJvm jvm = TargetJvm.startPreloaded("audit=" + file)) {
            Jlp.ok("load", jvm.pid(), Jars.patch("k1"));
        }
        assertEquals(1, Files.readAllLines(file).size());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
    }
}
