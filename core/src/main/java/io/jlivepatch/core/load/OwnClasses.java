package io.jlivepatch.core.load;

import java.net.URL;
import java.util.List;

/**
 * The classes of jlivepatch itself, which no patch may target: a patch of the patcher could
 * switch off the consistency model it runs under. They are the boot jar's packages (the patch
 * API and the dispatch) and every class that comes from where this class comes from (jlp.jar:
 * the agent, the engine, the command line and the shaded libraries); other classes in
 * {@code io.jlivepatch} packages (an application's, a test's) are not.
 */
final class OwnClasses {

    private static final List<String> BOOT_PACKAGES = List.of("io.jlivepatch.api.",
            "io.jlivepatch.dispatch.");
    private static final String PREFIX = "io.jlivepatch.";

    private OwnClasses() {
    }

    /**
     * @param className a binary class name, or null for the JVM object
     * @return whether it is a class of jlivepatch
     */
    static boolean contains(String className) {
        if (className == null || !className.startsWith(PREFIX)) {
            return false;
        } else if (BOOT_PACKAGES.stream().anyMatch(className::startsWith)) {
            return true;
        }
        String path = className.replace('.', '/') + ".class";
        ClassLoader loader = OwnClasses.class.getClassLoader();
        URL resource = loader == null ? ClassLoader.getSystemResource(path)
                : loader.getResource(path);
        String own = OwnClasses.class.getName().replace('.', '/') + ".class";
        return resource != null && root(resource, path)
                .equals(root(OwnClasses.class.getResource("OwnClasses.class"), own));
    }

    /** @return the jar or directory a class file was found in: its URL without the path */
    private static String root(URL resource, String path) {
        String url = resource.toString();
        return url.endsWith(path) ? url.substring(0, url.length() - path.length()) : url;
    }
}
