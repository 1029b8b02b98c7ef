package io.jlivepatch.core.transition;

import io.jlivepatch.client.Json;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stacks of every thread, virtual threads included, through the JDK 21+ thread dump
 * ({@code HotSpotDiagnosticMXBean.dumpThreads} in JSON). Virtual threads are not listed by any
 * other API, and an unmounted one may be parked inside a changed function; this is how a
 * transition finds out before it completes. On JDK 17 there are no virtual threads and
 * {@link #available()} is false.
 */
final class ThreadDump {

    /**
     * One thread of the dump.
     *
     * @param tid the thread id
     * @param name the thread name
     * @param isVirtual whether it is a virtual thread
     * @param stack its frames as {@code Class.method}, innermost first
     */
    record DumpedThread(long tid, String name, boolean isVirtual, List<String> stack) {
    }

    /** {@code Thread.isVirtual()} of JDK 21 and later; {@code null} before. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private static final Method DUMP;
    private static final Object JSON_FORMAT;
    private static final Object BEAN;

    static {
        Method dump = null;
        Object format = null;
        Object bean = null;
        if (Runtime.version().feature() >= 21) {
            try {
                Class<?> beanType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
                Class<?> formatType = Class.forName(
                        "com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
                dump = beanType.getMethod("dumpThreads", String.class, formatType);
                format = formatType.getField("JSON").get(null);
                bean = ManagementFactory.getPlatformMXBean(
                        beanType.asSubclass(java.lang.management.PlatformManagedObject.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                dump = null;
            }
        }
        DUMP = dump;
        JSON_FORMAT = format;
        BEAN = bean;
    }

    private ThreadDump() {
    }

    /** @return whether this JVM can have virtual threads and can dump them */
    static boolean available() {
        return DUMP != null;
    }

    /** @return whether this JVM can have virtual threads at all */
    static boolean virtualThreadsPossible() {
        return Runtime.version().feature() >= 21;
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /**
     * @param thread a thread
     * @return whether it is a virtual thread (never before JDK 21)
     */
    static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.isVirtual failed", e);
        }
    }

    /**
     * @return every thread of the JVM with its stack
     * @throws IOException if the dump could not be written or read
     */
    static List<DumpedThread> take() throws IOException {
        Path dir = Files.createTempDirectory("jlivepatch-threads");
        Path file = dir.resolve("threads.json");
        try {
            DUMP.invoke(BEAN, file.toString(), JSON_FORMAT);
            return parse(Files.readString(file));
        } catch (ReflectiveOperationException e) {
            throw new IOException("thread dump failed: " + e.getCause(), e);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    @SuppressWarnings("unchecked")
    static List<DumpedThread> parse(String json) {
        Map<String, Object> root = (Map<String, Object>) Json.read(json);
        Map<String, Object> dump = (Map<String, Object>) root.get("threadDump");
        List<DumpedThread> threads = new ArrayList<>();
        for (Object c : (List<Object>) dump.get("threadContainers")) {
            for (Object t : (List<Object>) ((Map<String, Object>) c).get("threads")) {
                Map<String, Object> thread = (Map<String, Object>) t;
                List<String> stack = new ArrayList<>();
                for (Object frame : (List<Object>) thread.get("stack")) {
                    stack.add(method((String) frame));
                }
                threads.add(new DumpedThread(Long.parseLong(String.valueOf(thread.get("tid"))),
                        (String) thread.get("name"), Boolean.TRUE.equals(thread.get("virtual")),
                        stack));
            }
        }
        return threads;
    }

    /** {@code java.base/java.lang.Thread.sleep(Thread.java:540)} → {@code java.lang.Thread.sleep}. */
    private static String method(String frame) {
        int paren = frame.indexOf('(');
        String method = paren < 0 ? frame : frame.substring(0, paren);
        int slash = method.lastIndexOf('/');
        return slash < 0 ? method : method.substring(slash + 1);
    }
}
