package io.jlivepatch.maven;

import java.io.File;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * The release a patch starts from: a file given, or this project's artifact of the previous
 * version, resolved from the repositories as a dependency would be.
 */
final class PreviousRelease {

    private final MavenProject project;
    private final RepositorySystem repositorySystem;
    private final RepositorySystemSession session;

    PreviousRelease(MavenProject project, RepositorySystem repositorySystem,
            RepositorySystemSession session) {
        this.project = project;
        this.repositorySystem = repositorySystem;
        this.session = session;
    }

    /**
     * @param file the release as a file, or {@code null}
     * @param version its version, or {@code null}
     * @return the release's jar or WAR
     * @throws MojoExecutionException if neither or both are given, the file is missing, or the
     *     version cannot be resolved
     */
    Path resolve(File file, String version) throws MojoExecutionException {
        if ((file == null) == (version == null)) {
            throw new MojoExecutionException("jlivepatch:build needs the release the JVMs run:"
                    + " give <previousVersion> (-Djlivepatch.previousVersion=1.0), resolved from"
                    + " the repositories, or <previous> (-Djlivepatch.previous=path/app-1.0.jar),"
                    + " not both");
        }
        if (file != null) {
            if (!file.isFile()) {
                throw new MojoExecutionException("jlivepatch: the previous release " + file
                        + " does not exist; give the jar or WAR the JVMs run");
            }
            return file.toPath();
        }
        String extension = project.getArtifact().getArtifactHandler().getExtension();
        DefaultArtifact artifact = new DefaultArtifact(project.getGroupId(),
                project.getArtifactId(), "", extension, version);
        try {
            return repositorySystem.resolveArtifact(session, new ArtifactRequest(artifact,
                    project.getRemoteProjectRepositories(), null)).getArtifact().getFile()
                    .toPath();
        } catch (ArtifactResolutionException e) {
            throw new MojoExecutionException("jlivepatch: cannot resolve the previous release "
                    + artifact + " from the repositories: " + e.getMessage() + "; check"
                    + " <previousVersion>, or give the file with <previous>", e);
        }
    }
}
