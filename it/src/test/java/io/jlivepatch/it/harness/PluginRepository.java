package io.jlivepatch.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A private local Maven repository for the fixture builds that use jlivepatch-maven-plugin, made
 * once per run in the work directory: it holds this reactor's plugin and the modules it needs,
 * so nothing is installed into the user's repository; everything else the builds need they
 * read from this build's local repository (as a remote one) or from Maven Central.
 */
public final class PluginRepository {

    private static final String GROUP = "io/jlivepatch";
    private static final String[] MODULES = {"boot", "client", "core", "patch-builder", "maven-plugin"};

    private PluginRepository() {
    }

    /** @return the repository, created on first use */
    public static Path path() {
        return Holder.PATH;
    }

    /** @return the version of the reactor's artifacts in it */
    public static String version() {
        return System.getProperty("jlp.it.version");
    }

    /**
     * @param project a fixture project's folder
     * @param mavenArgs the goals and properties
     * @return the Maven command line that builds it with the repository and the settings
     */
    public static List<String> maven(Path project, String... mavenArgs) {
        List<String> command = new ArrayList<>(List.of(Fixtures.maven(), "-B",
                "-Dmaven.repo.local=" + path(), "-s", path().resolve("settings.xml").toString(),
                "-Djlivepatch.version=" + version()));
        command.addAll(List.of(mavenArgs));
        return command;
    }

    /**
     * Puts the release into the repository as if it had been deployed.
     *
     * @param artifact the release jar
     * @param group its groupId as a path, for example {@code demo}
     * @param artifactId its artifactId
     * @param version its version
     */
    public static void deploy(Path artifact, String group, String artifactId, String version) {
        Path dir = path().resolve(group).resolve(artifactId).resolve(version);
        copy(artifact, dir.resolve(artifactId + "-" + version + ".jar"));
    }

    private static final class Holder {
        static final Path PATH = create();

        private static Path create() {
            Path repo = Jars.workDir().resolve("plugin-m2");
            Path root = Path.of(System.getProperty("jlp.it.root", "..")).toAbsolutePath()
                    .normalize();
            String version = version();
            copy(root.resolve("pom.xml"), repo.resolve(GROUP + "/jlivepatch/" + version
                    + "/jlivepatch-" + version + ".pom"));
            for (String module : MODULES) {
                String artifact = "jlivepatch-" + module;
                Path dir = repo.resolve(GROUP + "/" + artifact + "/" + version);
                copy(root.resolve(module).resolve("pom.xml"), dir.resolve(artifact + "-"
                        + version + ".pom"));
                copy(root.resolve(module).resolve("target").resolve(artifact + "-" + version
                        + ".jar"), dir.resolve(artifact + "-" + version + ".jar"));
            }
            String shared = Path.of(System.getProperty("jlp.it.localRepository",
                    System.getProperty("user.home") + "/.m2/repository")).toUri().toString();
            String repository = "<id>build-local</id><url>" + shared + "</url>"
                    + "<releases><checksumPolicy>ignore</checksumPolicy></releases>"
                    + "<snapshots><enabled>false</enabled></snapshots>";
            try {
                Files.writeString(repo.resolve("settings.xml"), "<settings><profiles><profile>"
                        + "<id>build-local</id><repositories><repository>" + repository
                        + "</repository></repositories><pluginRepositories><pluginRepository>"
                        + repository + "</pluginRepository></pluginRepositories></profile>"
                        + "</profiles><activeProfiles><activeProfile>build-local</activeProfile>"
                        + "</activeProfiles></settings>\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return repo;
        }
    }

    private static void copy(Path from, Path to) {
        if (!Files.isRegularFile(from)) {
            throw new IllegalStateException(from + " not found: build the reactor first"
                    + " (mvn -B -pl it -am verify)");
        }
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
