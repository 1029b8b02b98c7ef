package io.jlivepatch.core.load;

import java.util.function.Consumer;

/**
 * The class loader a servlet container made for one deployment of a web application, seen
 * through the container's public API by reflection (the engine depends on no container):
 * Tomcat's {@code WebappClassLoaderBase} (Tomcat 9 to 11) and Jetty's {@code WebAppClassLoader}
 * (Jetty 10 to 12). It knows the application's context path, and hears when the container stops
 * the application and drops the loader (undeploy, redeploy, reload): the JVM itself tells
 * nothing before a loader goes away.
 */
public interface WebAppLoader {

    /**
     * @param loader a class loader
     * @return the web application it loads, or {@code null} if it is no container's web-app
     *     loader (or the container's API is not as expected)
     */
    static WebAppLoader of(ClassLoader loader) {
        if (loader == null) {
            return null;
        }
        WebAppLoader tomcat = TomcatWebApp.of(loader);
        return tomcat != null ? tomcat : JettyWebApp.of(loader);
    }

    /** @return the context path, {@code /} for the root application, for example {@code /shop} */
    String contextPath();

    /**
     * Listens, once, for the container stopping the application and dropping this loader. The
     * listener, registered with the container, holds the loader only weakly.
     *
     * @param stopped called with the loader after the application stopped (no request runs in
     *     it any more), while its classes still exist: on the container's thread (Tomcat), or
     *     on a thread of jlivepatch's as soon as the container's stop ended (Jetty)
     * @return whether the container could be listened to
     */
    boolean onStop(Consumer<ClassLoader> stopped);

    /** @return a context path with its leading {@code /}, whatever the container's spelling */
    static String normalized(Object path) {
        String text = path == null ? "" : path.toString();
        return text.startsWith("/") ? text : "/" + text;
    }
}
