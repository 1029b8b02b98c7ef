package io.jlivepatch.agent;

import io.jlivepatch.core.load.PatchJarCheck;
import io.jlivepatch.core.load.PatchJarReader;
import io.jlivepatch.core.load.SignedJar;
import io.jlivepatch.core.model.PatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's trust policy: a truststore (PKCS12 or JKS) of allowed signers. With it, only
 * patch jars signed the standard way by a trusted signer, every entry covered, are loaded; others
 * are refused naming why, and nothing changes. A signer is trusted if its certificate is in the
 * store, or its chain leads to one in the store (PKIX, without revocation checks).
 *
 * <p>The jar is copied into the agent's private directory, checked there and read from there, so
 * that it cannot be changed between the check and the load.
 *
 * <p>Thread safety: immutable but for the map of signers, which is concurrent.
 */
final class TrustPolicy implements PatchJarCheck {

    /** What status says of the signer of a patch loaded without a trust policy. */
    static final String UNSIGNED = "unsigned";

    private final Path store;
    private final Set<TrustAnchor> anchors;
    private final Set<X509Certificate> trusted;
    private final Path copies;
    /** Checked copy to the subject of the trusted signer. */
    private final Map<String, String> signers = new ConcurrentHashMap<>();

    private TrustPolicy(Path store, Set<X509Certificate> trusted, Path copies) {
        this.store = store;
        this.trusted = trusted;
        this.copies = copies;
        Set<TrustAnchor> set = new HashSet<>();
        trusted.forEach(c -> set.add(new TrustAnchor(c, null)));
        this.anchors = set;
    }

    /**
     * @param store the truststore file
     * @param password its password, or null
     * @param copies the private directory checked jars are copied to
     * @return the policy
     * @throws IOException naming the store and what is wrong with it
     */
    static TrustPolicy load(Path store, char[] password, Path copies) throws IOException {
        KeyStore keyStore;
        try {
            keyStore = KeyStore.getInstance(store.toFile(), password);
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new IOException("cannot read the trust policy " + store + " (a PKCS12 or JKS"
                    + " truststore): " + e.getMessage(), e);
        }
        Set<X509Certificate> trusted = new HashSet<>();
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.getCertificate(alias) instanceof X509Certificate certificate) {
                    trusted.add(certificate);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the trust policy " + store + ": " + e, e);
        }
        if (trusted.isEmpty()) {
            throw new IOException("the trust policy " + store + " holds no readable"
                    + " certificate; a password-protected PKCS12 store needs its password in"
                    + " the system property " + AgentArguments.TRUST_PASSWORD_PROPERTY);
        }
        return new TrustPolicy(store, Set.copyOf(trusted), copies);
    }

    @Override
    public Path check(Path jar) throws PatchException {
        Path copy;
        SignedJar signed;
        try {
            byte[] bytes = Files.readAllBytes(jar);
            copy = PrivateDirectory.writeWhole(copies.resolve(PatchJarReader.sha256(bytes) + ".jar"), bytes);
            signed = SignedJar.read(copy);
        } catch (IOException e) {
            throw refused(jar, "it cannot be read as a jar: " + e.getMessage());
        }
        if (signed.problem() != null) {
            throw refused(jar, signed.problem());
        }
        for (List<X509Certificate> chain : signed.signers()) {
            if (isTrusted(chain)) {
                signers.put(copy.toString(), chain.get(0).getSubjectX500Principal().getName());
                return copy;
            }
        }
        throw refused(jar, "it is signed by " + String.join(" and ", signed.signerNames())
                + ", whom the policy does not trust");
    }

    /** @return the trusted signer of the patch read from {@code source}, or null */
    String signerOf(String source) {
        return signers.get(source);
    }

    private boolean isTrusted(List<X509Certificate> chain) {
        if (trusted.contains(chain.get(0))) {
            return true;
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private PatchException refused(Path jar, String reason) {
        return new PatchException(PatchException.Kind.INVALID_PATCH, "patch jar " + jar
                + " is refused by the trust policy " + store + ": " + reason + "; nothing was"
                + " changed. Sign it with jarsigner with a key the policy trusts");
    }
}
