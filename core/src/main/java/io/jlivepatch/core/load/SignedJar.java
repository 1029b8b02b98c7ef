package io.jlivepatch.core.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.CertPath;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The signers of a jar signed the standard way ({@code jarsigner}): those whose signature covers
 * every entry, verified against the entry's bytes. A jar with an unsigned entry, or an entry
 * whose bytes do not match the signature (tampered), has a {@link #problem}.
 *
 * @param signers the certificate chains, signer first, of the signers covering every entry
 * @param problem why the jar is not wholly signed, or null if it is
 */
public record SignedJar(List<List<X509Certificate>> signers, String problem) {

    /** The {@link #problem} of a jar that holds no signature at all. */
    public static final String UNSIGNED = "the jar is unsigned";

    /** Copies the signers. */
    public SignedJar {
        signers = List.copyOf(signers);
    }

    /**
     * @param jar the jar
     * @return its signers, or the problem
     * @throws IOException if it cannot be read as a jar
     */
    public static SignedJar read(Path jar) throws IOException {
        Set<CertPath> common = null;
        boolean anySigned = false;
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || isSignatureFile(entry.getName())) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (SecurityException e) {
                    return new SignedJar(List.of(), "entry " + entry.getName() + " does not"
                            + " match its signature (the jar was changed after signing)");
                }
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    return new SignedJar(List.of(), anySigned || hasSignature(file)
                            ? "entry " + entry.getName() + " is not covered by the signature"
                            : UNSIGNED);
                }
                anySigned = true;
                Set<CertPath> these = new LinkedHashSet<>();
                for (CodeSigner signer : signers) {
                    these.add(signer.getSignerCertPath());
                }
                if (common == null) {
                    common = these;
                } else {
                    common.retainAll(these);
                }
            }
        } catch (SecurityException e) {
            return new SignedJar(List.of(), "its signature is invalid: " + e.getMessage());
        }
        if (common == null) {
            return new SignedJar(List.of(), "the jar holds nothing to sign");
        } else if (common.isEmpty()) {
            return new SignedJar(List.of(), "no one signer covers every entry");
        }
        List<List<X509Certificate>> chains = new ArrayList<>();
        for (CertPath path : common) {
            List<X509Certificate> chain = new ArrayList<>();
            path.getCertificates().forEach(c -> chain.add((X509Certificate) c));
            chains.add(chain);
        }
        return new SignedJar(chains, null);
    }

    /** @return the subject of each signer, for {@code jlp info} and status */
    public List<String> signerNames() {
        return signers.stream().map(chain -> chain.get(0).getSubjectX500Principal().getName())
                .toList();
    }

    private static boolean hasSignature(JarFile file) {
        return file.stream().anyMatch(e -> isSignatureFile(e.getName())
                && !e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME));
    }

    /** @return whether the entry is the manifest or a signature file, which signing adds */
    private static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return upper.equals(JarFile.MANIFEST_NAME) || upper.endsWith(".SF")
                || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC")
                || upper.startsWith("META-INF/SIG-");
    }
}
