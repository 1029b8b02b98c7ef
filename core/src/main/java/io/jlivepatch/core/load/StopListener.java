package io.jlivepatch.core.load;

import io.jlivepatch.dispatch.EventSink;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.BiPredicate;

/**
 * A container's life-cycle listener interface implemented by a proxy: when its event method
 * receives the event that means "stopped and loader dropped", it calls back once with the loader,
 * which it holds only weakly, then unregisters itself. Every other call does nothing.
 */
final class StopListener implements InvocationHandler {

    private final String eventMethod;
    private final BiPredicate<Object, ClassLoader> stopEvent;
    private final WeakReference<ClassLoader> loader;
    private final Consumer<ClassLoader> stopped;
    private final Consumer<Object> unregister;
    private final AtomicBoolean fired = new AtomicBoolean();

    private StopListener(String eventMethod, BiPredicate<Object, ClassLoader> stopEvent, ClassLoader loader,
            Consumer<ClassLoader> stopped, Consumer<Object> unregister) {
        this.eventMethod = eventMethod;
        this.stopEvent = stopEvent;
        this.loader = new WeakReference<>(loader);
        this.stopped = stopped;
        this.unregister = unregister;
    }

    /**
     * @param type the container's listener interface
     * @param eventMethod the name of its method that receives the events
     * @param stopEvent whether an event (the method's one argument) is the stop of the
     *     application and the end of the loader (given)
     * @param loader the web application's loader
     * @param stopped called with the loader at the stop
     * @param unregister removes the listener (given the proxy) from the container
     * @return the proxy, to register with the container
     */
    static Object of(Class<?> type, String eventMethod, BiPredicate<Object, ClassLoader> stopEvent,
            ClassLoader loader, Consumer<ClassLoader> stopped, Consumer<Object> unregister) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new StopListener(eventMethod, stopEvent, loader, stopped, unregister));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "jlivepatch web application stop listener";
            default:
                break;
        }
        ClassLoader gone = loader.get();
        if (gone != null && method.getName().equals(eventMethod) && args != null
                && args.length == 1 && stopEvent.test(args[0], gone)) {
            if (fired.compareAndSet(false, true)) {
                try {
                    unregister.accept(proxy);
                } catch (RuntimeException e) {
                    // Never into the container: the listener stays registered, fired for good.
                    EventSink.report(EventSink.Level.WARNING, "cannot remove jlivepatch's"
                            + " listener from a stopped web application: " + e);
                }
                stopped.accept(gone);
            }
        }
        return null;
    }

    /** Calls a public one-argument method of a container's object. */
    static void call(Object target, String method, Class<?> parameter, Object argument) {
        try {
            target.getClass().getMethod(method, parameter).invoke(target, argument);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call " + method + " on " + target.getClass()
                    .getName() + ": " + e, e);
        }
    }
}
