package io.jlivepatch.core.load;

/**
 * The name of a class loader as {@code @Patch(loader = ...)} patterns match it and
 * {@code jlp status} shows it: its own {@link ClassLoader#getName()} where it has one
 * ({@code app}, {@code platform}); {@code bootstrap}; and, for the unnamed loaders of the
 * servers users deploy to, the words they know them by: {@code spring-boot} for the loader of a
 * Spring Boot executable jar or WAR (Boot 2.x to 4.x), {@code webapp:/shop} for a Tomcat or Jetty
 * web application deployed at {@code /shop} ({@code webapp:/} for the root one). Any other
 * unnamed loader has the empty name. A web application's name comes first: Jetty names its
 * loaders by the bare context path ({@code /shop}), which reads like any other path.
 */
public final class LoaderNames {

    private static final String[] SPRING_BOOT = {
        "org.springframework.boot.loader.launch.LaunchedClassLoader",
        "org.springframework.boot.loader.LaunchedURLClassLoader"};

    private LoaderNames() {
    }

    /**
     * @param loader a class loader, or {@code null} for the bootstrap loader
     * @return its name, as described above
     */
    public static String of(ClassLoader loader) {
        if (loader == null) {
            return "bootstrap";
        }
        WebAppLoader webApp = WebAppLoader.of(loader);
        if (webApp != null) {
            return "webapp:" + webApp.contextPath();
        }
        if (loader.getName() != null) {
            return loader.getName();
        }
        for (Class<?> type = loader.getClass(); type != null; type = type.getSuperclass()) {
            for (String bootLoader : SPRING_BOOT) {
                if (type.getName().equals(bootLoader)) {
                    return "spring-boot";
                }
            }
        }
        return "";
    }
}
