package io.jlivepatch.it.harness;

import java.nio.file.Path;
import java.util.Map;

/**
 * The Spring Boot web application of {@code src/test/fixtures/boot-app} as three releases, each
 * built once per run: the release, a fix in its own code, and the release with snakeyaml 1.32
 * instead of 1.31 in {@code BOOT-INF/lib}.
 */
public final class BootApps {

    private static final String CONTROLLER = "src/main/java/demo/GreetingController.java";

    private BootApps() {
    }

    /** @return the release: greets "hello", snakeyaml 1.31 */
    public static Path release() {
        return jar(Fixtures.build("boot-app", "release", Map.of()));
    }

    /** @return the application fix: greets "hello, patched" */
    public static Path applicationFix() {
        return jar(Fixtures.build("boot-app", "app-fix", Map.of(CONTROLLER,
                text -> text.replace("return \"hello\";", "return \"hello, patched\";"))));
    }

    /** @return the dependency upgrade: snakeyaml 1.32 */
    public static Path snakeyamlUpgrade() {
        return jar(Fixtures.build("boot-app", "snakeyaml-1.32", Map.of(),
                "-Dsnakeyaml.version=1.32"));
    }

    /** @return the fixture project's source folder, to build it with other goals */
    public static Path project(String variant) {
        return Fixtures.build("boot-app", variant, Map.of());
    }

    private static Path jar(Path project) {
        return project.resolve("target/boot-app-1.0.jar");
    }
}
