package io.jlivepatch.core.load;

import java.util.EventListener;
import java.util.List;
import java.util.function.Consumer;

/**
 * A Jetty web application's loader ({@code WebAppClassLoader} of Jetty 12.1's shared
 * {@code ee} module, of Jetty 12.0's {@code ee8} to {@code ee10}, or of Jetty 10 and 11). Its
 * context is the {@code WebAppContext}. Jetty drops the life-cycle listeners added after a
 * context started while it stops it, before its {@code lifeCycleStopped} event, so the listener
 * hears {@code lifeCycleStopping}, and a thread of its own waits for the stop to end (it holds
 * the loader until then, as the stopping context does). The loader went with the stop when the
 * context no longer uses it (Jetty drops a loader it made itself, and keeps one the user gave
 * it).
 */
final class JettyWebApp implements WebAppLoader {

    private static final List<String> LOADERS = List.of(
            "org.eclipse.jetty.ee.webapp.WebAppClassLoader",
            "org.eclipse.jetty.ee10.webapp.WebAppClassLoader",
            "org.eclipse.jetty.ee9.webapp.WebAppClassLoader",
            "org.eclipse.jetty.ee8.webapp.WebAppClassLoader",
            "org.eclipse.jetty.webapp.WebAppClassLoader");
    private static final String LISTENER = "org.eclipse.jetty.util.component.LifeCycle$Listener";
    private static final long STOP_POLL_MILLIS = 10;

    private final ClassLoader loader;
    private final Object context;

    private JettyWebApp(ClassLoader loader, Object context) {
        this.loader = loader;
        this.context = context;
    }

    static JettyWebApp of(ClassLoader loader) {
        for (Class<?> type = loader.getClass(); type != null; type = type.getSuperclass()) {
            if (LOADERS.contains(type.getName())) {
                try {
                    Object context = type.getMethod("getContext").invoke(loader);
                    return context == null ? null : new JettyWebApp(loader, context);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    @Override
    public String contextPath() {
        try {
            return WebAppLoader.normalized(context.getClass().getMethod("getContextPath")
                    .invoke(context));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public boolean onStop(Consumer<ClassLoader> stopped) {
        Object context = this.context;
        try {
            Class<?> listenerType = Class.forName(LISTENER, false,
                    context.getClass().getClassLoader());
            Object listener = StopListener.of(listenerType, "lifeCycleStopping",
                    (event, gone) -> event == context, loader,
                    gone -> afterStop(context, gone, stopped),
                    proxy -> StopListener.call(context, "removeEventListener",
                            EventListener.class, proxy));
            StopListener.call(context, "addEventListener", EventListener.class, listener);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static boolean uses(Object context, ClassLoader loader) {
        try {
            return context.getClass().getMethod("getClassLoader").invoke(context) == loader;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    /** Waits, on a thread of its own, until the context has stopped. */
    private static void afterStop(Object context, ClassLoader loader,
            Consumer<ClassLoader> stopped) {
        Thread waiter = new Thread(() -> {
            try {
                while (stopping(context)) {
                    Thread.sleep(STOP_POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (!uses(context, loader)) {
                stopped.accept(loader);
            }
        }, "jlivepatch web-app stop");
        waiter.setDaemon(true);
        waiter.start();
    }

    private static boolean stopping(Object context) {
        try {
            return (Boolean) context.getClass().getMethod("isStopping").invoke(context);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
