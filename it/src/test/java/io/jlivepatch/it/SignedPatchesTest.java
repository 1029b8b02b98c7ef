package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.Mode;
import io.jlivepatch.it.harness.TargetJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trust policy: with a truststore of allowed signers (made with the JDK's keytool), only
 * patch jars signed by a trusted signer with jarsigner, every entry covered, are loaded; an
 * unsigned, tampered, partly signed or untrusted jar is refused (exit 2, the reason) and nothing
 * changes. {@code jlp info} and {@code status} show the signer; without a policy, status says
 * {@code unsigned}.
 */
class SignedPatchesTest {

    private static final String K1 = "test_klp_livepatch";
    private static final String OPS = "CN=jlivepatch-ops";
    private static final String STORE_PASSWORD = "secret12";
    private static final String TRUST_PASSWORD = "trustpass1";

    private static Path dir;
    private static Path trustP12;
    private static Path trustJks;
    private static Path signed;
    private static Path untrusted;
    private static Path tampered;
    private static Path partlySigned;

    @BeforeAll
    static void signJars() throws Exception {
        dir = Files.createDirectories(Jars.workDir().resolve("signing"));
        Path ops = dir.resolve("ops.p12");
        Path intruder = dir.resolve("intruder.p12");
        keytool("-genkeypair", "-alias", "ops", "-keyalg", "EC", "-dname", OPS, "-validity", "30",
                "-storetype", "PKCS12", "-keystore", ops, "-storepass", STORE_PASSWORD);
        keytool("-genkeypair", "-alias", "intruder", "-keyalg", "EC", "-dname", "CN=intruder",
                "-validity", "30", "-storetype", "PKCS12", "-keystore", intruder, "-storepass",
                STORE_PASSWORD);
        Path certificate = dir.resolve("ops.cer");
        keytool("-exportcert", "-alias", "ops", "-keystore", ops, "-storepass", STORE_PASSWORD,
                "-file", certificate);
        trustP12 = dir.resolve("trust.p12");
        trustJks = dir.resolve("trust.jks");
        keytool("-importcert", "-noprompt", "-alias", "ops", "-file", certificate, "-storetype",
                "PKCS12", "-keystore", trustP12, "-storepass", TRUST_PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "ops", "-file", certificate, "-storetype",
                "JKS", "-keystore", trustJks, "-storepass", TRUST_PASSWORD);

        signed = sign(ops, "ops", "signed-k1.jar");
        untrusted = sign(intruder, "intruder", "untrusted-k1.jar");
        tampered = rewrite(signed, "tampered-k1.jar", true, false);
        partlySigned = rewrite(signed, "partly-signed-k1.jar", false, true);
    }

    @Test
    void withAPolicyOnlyJarsOfATrustedSignerLoad() {
        try (TargetJvm jvm = TargetJvm.startWith(Mode.PRELOADED, "trust=" + trustP12,
                List.of("-Djlivepatch.trustPassword=" + TRUST_PASSWORD))) {
            assertRefused(jvm, Jars.patch("k1"), "the jar is unsigned");
            assertRefused(jvm, tampered, "does not match its signature");
            assertRefused(jvm, partlySigned, "is not covered by the signature");
            assertRefused(jvm, untrusted, "signed by CN=intruder, whom the policy does not"
                    + " trust");

            Jlp.ok("load", jvm.pid(), signed);
            assertEquals("test_klp_livepatch: this has been live patched", jvm.call("cmdline"));
            assertEquals(OPS, signer(jvm));
        }
    }

    @Test
    void anAttachedJvmTakesThePolicyFromItsSystemPropertyAndJksWorksToo() {
        try (TargetJvm jvm = TargetJvm.startWith(Mode.ATTACHED, null,
                List.of("-Djlivepatch.trust=" + trustJks))) {
            assertRefused(jvm, Jars.patch("k1"), "the jar is unsigned");
            Jlp.ok("load", jvm.pid(), signed);
            assertEquals(OPS, signer(jvm));
        }
    }

    @Test
    void infoShowsTheSignerAndWithoutAPolicyStatusSaysUnsigned() {
        assertTrue(Jlp.ok("info", signed).out().contains("signer: " + OPS));
        assertTrue(Jlp.ok("info", Jars.patch("k1")).out().contains("signer: unsigned"));
        try (TargetJvm jvm = TargetJvm.start(Mode.PRELOADED)) {
            Jlp.ok("load", jvm.pid(), Jars.patch("k1"));
            assertEquals("unsigned", signer(jvm));
        }
    }

    private static void assertRefused(TargetJvm jvm, Path jar, String reason) {
        Jlp.Result result = Jlp.run("load", jvm.pid(), jar);
        assertEquals(2, result.exit(), result.describe());
        assertTrue(result.err().contains("refused by the trust policy")
                && result.err().contains(reason), result.describe());
        assertEquals(List.of(), jvm.patchNames());
        assertEquals(jvm.baseline(), jvm.snapshot());
    }

    @SuppressWarnings("unchecked")
    private static String signer(TargetJvm jvm) {
        Map<String, Object> status = Jlp.ok("status", "--json", jvm.pid()).json();
        for (Object p : (List<Object>) status.get("patches")) {
            Map<String, Object> patch = (Map<String, Object>) p;
            if (K1.equals(patch.get("name"))) {
                return (String) patch.get("signer");
            }
        }
        throw new AssertionError("no patch " + K1 + " in " + status);
    }

    private static Path sign(Path keystore, String alias, String name) throws Exception {
        Path jar = dir.resolve(name);
        run(tool("jarsigner"), "-keystore", keystore, "-storepass", STORE_PASSWORD,
                "-signedjar", jar, Jars.patch("k1"), alias);
        return jar;
    }

    /**
     * @return a copy of a signed jar with the patch class's text changed (tampered), or with an
     *     entry added after signing (partly signed)
     */
    private static Path rewrite(Path jar, String name, boolean tamper, boolean add)
            throws IOException {
        Path out = dir.resolve(name);
        try (ZipFile in = new ZipFile(jar.toFile());
                JarOutputStream copy = new JarOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry entry : in.stream().toList()) {
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                if (tamper && entry.getName().endsWith("CmdlinePatch.class")) {
                    String text = new String(bytes, StandardCharsets.ISO_8859_1);
                    bytes = text.replace("live patched", "LIVE patched")
                            .getBytes(StandardCharsets.ISO_8859_1);
                }
                copy.putNextEntry(new JarEntry(entry.getName()));
                copy.write(bytes);
                copy.closeEntry();
            }
            if (add) {
                copy.putNextEntry(new JarEntry("io/jlivepatch/it/patches/k1/notes.txt"));
                copy.write("added after signing".getBytes(StandardCharsets.UTF_8));
                copy.closeEntry();
            }
        }
        return out;
    }

    private static void keytool(Object... args) throws Exception {
        run(tool("keytool"), args);
    }

    private static Path tool(String name) {
        return Jars.java().toAbsolutePath().getParent().resolve(name);
    }

    private static void run(Path tool, Object... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(tool.toString()));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(command + " failed: " + new String(output,
                    StandardCharsets.UTF_8));
        }
    }
}
