package io.jlivepatch.core.transition;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The JVM's virtual threads, listed from the JDK's thread containers ({@code jdk.internal.vm}),
 * the registry the JDK 21+ thread dump reads. The dump also walks the stack of every platform
 * thread, each walk a handshake that waits until its thread is scheduled: with 50 busy threads
 * on 2 cores one dump took 12-15 s (JDK 25). Listing the containers touches no platform thread's
 * stack; only the virtual threads' stacks are taken, and an unmounted one's needs no handshake.
 *
 * <p>The containers are internal to {@code java.base}: {@link #open} asks the JVM to export
 * their package to the engine's module, as the engine opens the packages of named modules it
 * patches. Where that fails, transitions use the thread dump ({@link ThreadDump}).
 *
 * <p>Thread safety: {@link #open} may race with itself; both outcomes are the same.
 */
public final class VirtualThreads {

    private static final String PACKAGE = "jdk.internal.vm";

    /** {@code ThreadContainers.root()}, {@code ThreadContainer.threads()} and {@code children()}. */
    private record Access(Method root, Method threads, Method children) {
    }

    private static volatile Access access;

    private VirtualThreads() {
    }

    /**
     * Makes the thread containers readable to the engine, on JDK 21 and later.
     *
     * @param inst the JVM's instrumentation
     * @return whether {@link #list} works from now on
     */
    public static boolean open(Instrumentation inst) {
        if (access != null) {
            return true;
        }
        if (!ThreadDump.virtualThreadsPossible()) {
            return false;
        }
        try {
            Module base = Object.class.getModule();
            Module engine = VirtualThreads.class.getModule();
            if (!base.isExported(PACKAGE, engine)) {
                inst.redefineModule(base, Set.of(), Map.of(PACKAGE, Set.of(engine)), Map.of(),
                        Set.of(), Map.of());
            }
            Class<?> containers = Class.forName(PACKAGE + ".ThreadContainers");
            Class<?> container = Class.forName(PACKAGE + ".ThreadContainer");
            Access opened = new Access(containers.getMethod("root"),
                    container.getMethod("threads"), container.getMethod("children"));
            if (!(boolean) containers.getMethod("trackAllThreads").invoke(null)) {
                // Virtual threads outside structured scopes are not in any container: the
                // thread dump would not list them either, but it is the documented route.
                return false;
            }
            list(opened);
            access = opened;
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** @return whether {@link #list} works */
    static boolean available() {
        return access != null;
    }

    /**
     * @return every virtual thread the JVM has started and that has not terminated, mounted or
     *     not; {@link #available} must be true
     */
    static List<Thread> list() {
        try {
            return list(access);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot list the virtual threads: " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Thread> list(Access access) throws ReflectiveOperationException {
        List<Thread> virtual = new ArrayList<>();
        Deque<Object> containers = new ArrayDeque<>();
        containers.push(invoke(access.root(), null));
        while (!containers.isEmpty()) {
            Object container = containers.pop();
            try (Stream<Thread> threads = (Stream<Thread>) invoke(access.threads(), container)) {
                threads.filter(ThreadDump::isVirtual).forEach(virtual::add);
            }
            try (Stream<Object> children = (Stream<Object>) invoke(access.children(),
                    container)) {
                children.forEach(containers::push);
            }
        }
        return virtual;
    }

    private static Object invoke(Method method, Object target)
            throws ReflectiveOperationException {
        try {
            return method.invoke(target);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
