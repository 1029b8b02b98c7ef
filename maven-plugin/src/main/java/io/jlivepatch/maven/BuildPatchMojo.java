package io.jlivepatch.maven;

import io.jlivepatch.build.BuildException;
import io.jlivepatch.build.Changes;
import io.jlivepatch.build.ClassFilter;
import io.jlivepatch.build.PatchBuild;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;

/**
 * {@code jlivepatch:build}: the live patch from the project's previous release to the artifact
 * this build just packaged (a jar, a Spring Boot jar or a WAR), attached with the classifier
 * {@code livepatch}. The build fails, listing each refusal, when the change cannot be carried by
 * a live patch. Runs in {@code package}, after the plugins declared before it (declare it after
 * {@code spring-boot-maven-plugin}, whose repackaged jar is the artifact).
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public final class BuildPatchMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
    private RepositorySystemSession session;

    @Component
    private RepositorySystem repositorySystem;

    @Component
    private MavenProjectHelper projectHelper;

    /** The version of the release the JVMs run, resolved from the repositories. */
    @Parameter(property = "jlivepatch.previousVersion")
    private String previousVersion;

    /** The release as a file, instead of {@link #previousVersion}. */
    @Parameter(property = "jlivepatch.previous")
    private File previous;

    /** The patch name; default {@code ARTIFACT-OLD-to-NEW}. */
    @Parameter(property = "jlivepatch.name")
    private String name;

    /** Classes to compare (binary-name globs: {@code com.acme.**}); default all. */
    @Parameter(property = "jlivepatch.includes")
    private List<String> includes = new ArrayList<>();

    /** Classes not to compare. */
    @Parameter(property = "jlivepatch.excludes")
    private List<String> excludes = new ArrayList<>();

    /** A patch that stacks on the enabled ones instead of replacing them. */
    @Parameter(property = "jlivepatch.nonReplace", defaultValue = "false")
    private boolean nonReplace;

    /** The patch jar to write. */
    @Parameter(defaultValue = "${project.build.directory}/${project.build.finalName}-livepatch.jar",
            required = true)
    private File output;

    /** The classifier the patch is attached with. */
    @Parameter(defaultValue = "livepatch", required = true)
    private String classifier;

    /** Skip the goal. */
    @Parameter(property = "jlivepatch.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("jlivepatch:build skipped");
            return;
        }
        File built = project.getArtifact().getFile();
        if (built == null || !built.isFile()) {
            throw new MojoExecutionException("the project has no packaged artifact yet: run"
                    + " jlivepatch:build in the package phase or later (mvn package)");
        }
        Path release = new PreviousRelease(project, repositorySystem, session)
                .resolve(previous, previousVersion);
        String patchName = name != null ? name : project.getArtifactId() + "-"
                + releaseVersion(release) + "-to-" + project.getVersion();
        PatchBuild.Options options = new PatchBuild.Options(release, built.toPath(), patchName,
                !nonReplace, new ClassFilter(includes, excludes), List.of());
        Changes changes;
        try {
            changes = PatchBuild.write(options, output.toPath(), getLog()::info);
        } catch (BuildException e) {
            throw new MojoFailureException("jlivepatch: " + e.getMessage(), e);
        }
        changes.report().forEach(getLog()::info);
        getLog().info("wrote " + output + ": patch '" + patchName + "' from " + release
                .getFileName() + " to " + built.getName());
        projectHelper.attachArtifact(project, "jar", classifier, output);
    }

    private String releaseVersion(Path release) {
        return previousVersion != null ? previousVersion : release.getFileName().toString()
                .replaceAll("\\.(jar|war)$", "");
    }
}
