package io.jlivepatch.maven;

import io.jlivepatch.build.PatchVerifier;
import io.jlivepatch.core.model.PatchException;
import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code jlivepatch:verify}: whether a patch fits an artifact, as {@code jlp verify} checks it
 * (every target class, member and pinned hash). Fails the build naming each object that does
 * not fit.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public final class VerifyPatchMojo extends AbstractMojo {

    /** The patch jar; default the one {@code jlivepatch:build} writes. */
    @Parameter(property = "jlivepatch.patch",
            defaultValue = "${project.build.directory}/${project.build.finalName}-livepatch.jar",
            required = true)
    private File patch;

    /** The artifact the JVMs run (the release the patch was built from). */
    @Parameter(property = "jlivepatch.against", required = true)
    private File against;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (!patch.isFile() || !against.exists()) {
            throw new MojoExecutionException("jlivepatch:verify: " + (patch.isFile() ? against
                    : patch) + " does not exist");
        }
        PatchVerifier.Verification verification;
        try {
            verification = PatchVerifier.verify(patch.toPath(), against.toPath());
        } catch (PatchException e) {
            throw new MojoFailureException("jlivepatch: " + e.getMessage(), e);
        }
        StringBuilder problems = new StringBuilder();
        for (PatchVerifier.Check check : verification.checks()) {
            if (check.ok()) {
                getLog().info("ok   " + check.object() + (check.hash().isEmpty() ? ""
                        : " (hash " + check.hash() + ")"));
            } else {
                problems.append("\n  ").append(check.problem());
            }
        }
        if (problems.length() > 0) {
            throw new MojoFailureException("jlivepatch: patch '" + verification.patch().name()
                    + "' does not fit " + against + ":" + problems);
        }
        getLog().info("patch '" + verification.patch().name() + "' fits " + against);
    }
}
