package io.jlivepatch.it.harness;

import java.nio.file.Path;
import java.util.Map;

/**
 * The Spring Boot web application of {@code src/test/fixtures/boot-app} as releases, each built
 * once per run: the release, a fix in its own code, the release with snakeyaml 1.32 instead of
 * 1.31 in {@code BOOT-INF/lib}, and the release and the fix built with Spring Boot 4.
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

    /** @return the release built with Spring Boot 4.0.7 instead of 3.5.7 */
    public static Path boot4Release() {
        return jar(Fixtures.build("boot-app", "boot4-release", Map.of("pom.xml", BootApps::boot4)));
    }

    /** @return the application fix built with Spring Boot 4.0.7 */
    public static Path boot4ApplicationFix() {
        return jar(Fixtures.build("boot-app", "boot4-app-fix", Map.of("pom.xml", BootApps::boot4,
                CONTROLLER, text -> text.replace("return \"hello\";",
                        "return \"hello, patched\";"))));
    }

    private static String boot4(String pom) {
        return pom.replace("<version>3.5.7</version>", "<version>4.0.7</version>");
    }

    private static Path jar(Path project) {
        return project.resolve("target/boot-app-1.0.jar");
    }
}
