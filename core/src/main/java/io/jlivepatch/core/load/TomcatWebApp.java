package io.jlivepatch.core.load;

import java.lang.reflect.Field;
import java.util.function.Consumer;

/**
 * A Tomcat web application's loader ({@code WebappClassLoaderBase}). Its context, whose
 * {@code after_stop} event follows the stop of the application and of this loader (Tomcat
 * makes a new loader at every start), is reached through the loader's resources.
 */
final class TomcatWebApp implements WebAppLoader {

    private static final String BASE = "org.apache.catalina.loader.WebappClassLoaderBase";
    private static final String LISTENER = "org.apache.catalina.LifecycleListener";
    private static final String AFTER_STOP = "after_stop";

    private final ClassLoader loader;
    private final Class<?> base;

    private TomcatWebApp(ClassLoader loader, Class<?> base) {
        this.loader = loader;
        this.base = base;
    }

    static TomcatWebApp of(ClassLoader loader) {
        for (Class<?> type = loader.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals(BASE)) {
                return new TomcatWebApp(loader, type);
            }
        }
        return null;
    }

    @Override
    public String contextPath() {
        try {
            return WebAppLoader.normalized(base.getMethod("getContextName").invoke(loader));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public boolean onStop(Consumer<ClassLoader> stopped) {
        try {
            Field resources = base.getDeclaredField("resources");
            resources.setAccessible(true);
            Object root = resources.get(loader);
            if (root == null) {
                return false;
            }
            Object context = root.getClass().getMethod("getContext").invoke(root);
            Class<?> listenerType = Class.forName(LISTENER, false, base.getClassLoader());
            Object listener = StopListener.of(listenerType, "lifecycleEvent",
                    TomcatWebApp::afterStop, loader, stopped,
                    proxy -> StopListener.call(context, "removeLifecycleListener",
                            listenerType, proxy));
            StopListener.call(context, "addLifecycleListener", listenerType, listener);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static boolean afterStop(Object event, ClassLoader loader) {
        try {
            return AFTER_STOP.equals(event.getClass().getMethod("getType").invoke(event));
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
