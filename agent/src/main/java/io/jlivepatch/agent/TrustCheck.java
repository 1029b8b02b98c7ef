package io.jlivepatch.agent;

import io.jlivepatch.core.load.PatchJarCheck;
import io.jlivepatch.core.model.PatchException;
import java.nio.file.Path;

/**
 * What the agent checks of a patch jar before the engine reads it, and what status then says of
 * its signer: nothing and {@value TrustPolicy#UNSIGNED} without a trust policy; the policy's
 * check and the trusted signer with one; a refusal of every jar when the policy named cannot be
 * read.
 */
interface TrustCheck extends PatchJarCheck {

    /**
     * @param source the file a loaded patch was read from
     * @return who signed it, as status shows it
     */
    String signerOf(String source);

    /** @return no policy: every jar is read as it is, and shown as unsigned */
    static TrustCheck none() {
        return new TrustCheck() {
            @Override
            public Path check(Path jar) {
                return jar;
            }

            @Override
            public String signerOf(String source) {
                return TrustPolicy.UNSIGNED;
            }
        };
    }

    /** @return the policy's check */
    static TrustCheck of(TrustPolicy policy) {
        return new TrustCheck() {
            @Override
            public Path check(Path jar) throws PatchException {
                return policy.check(jar);
            }

            @Override
            public String signerOf(String source) {
                String signer = policy.signerOf(source);
                return signer == null ? TrustPolicy.UNSIGNED : signer;
            }
        };
    }

    /** @return a refusal of every jar, naming why the policy cannot be read */
    static TrustCheck broken(String reason) {
        return new TrustCheck() {
            @Override
            public Path check(Path jar) throws PatchException {
                throw new PatchException(PatchException.Kind.INVALID_PATCH, "patch jar " + jar
                        + " is refused: " + reason + "; fix the trust policy and restart the"
                        + " JVM");
            }

            @Override
            public String signerOf(String source) {
                return TrustPolicy.UNSIGNED;
            }
        };
    }
}
