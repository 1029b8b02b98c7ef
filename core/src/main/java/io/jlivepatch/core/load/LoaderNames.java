package io.jlivepatch.core.load;

import java.lang.reflect.Method;

/**
 * The name of a class loader as {@code @Patch(loader = ...)} patterns match it and
 * {@code jlp status} shows it: its own {@link ClassLoader#getName()} where it has one
 * ({@code app}, {@code platform}); {@code bootstrap}; and, for the unnamed loaders of the
 * servers users deploy to, the words they know them by: {@code spring-boot} for the loader of a
 * Spring Boot executable jar or WAR (Boot 2.x to 4.x), {@code webapp:/shop} for a Tomcat web
 * application deployed at {@code /shop} ({@code webapp:/} for the root one). Any other unnamed
 * loader has the empty name.
 */
public final class LoaderNames {

    private static final String[] SPRING_BOOT = {
        "org.springframework.boot.loader.launch.LaunchedClassLoader",
        "org.springframework.boot.loader.LaunchedURLClassLoader"};
    private static final String TOMCAT_WEBAPP = "org.apache.catalina.loader.WebappClassLoaderBase";

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
        if (loader.getName() != null) {
            return loader.getName();
        }
        for (Class<?> type = loader.getClass(); type != null; type = type.getSuperclass()) {
            for (String bootLoader : SPRING_BOOT) {
                if (type.getName().equals(bootLoader)) {
                    return "spring-boot";
                }
            }
            if (type.getName().equals(TOMCAT_WEBAPP)) {
                return tomcatWebapp(type, loader);
            }
        }
        return "";
    }

    /** Tomcat names a context by its path, the root context by the empty string. */
    private static String tomcatWebapp(Class<?> base, ClassLoader loader) {
        try {
            Method contextName = base.getMethod("getContextName");
            Object name = contextName.invoke(loader);
            String path = name == null ? "" : name.toString();
            return "webapp:" + (path.startsWith("/") ? path : "/" + path);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "webapp";
        }
    }
}
