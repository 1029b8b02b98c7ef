package io.jlivepatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Wakes a thread that attaches to a JVM as soon as the JVM's attach listener is up.
 *
 * <p>The first attach to a JVM starts its attach listener: the JDK signals the JVM, then sleeps
 * 100 ms, then 200 ms more, and so on, before it looks for the listener's socket again, although
 * the listener is usually up within a few milliseconds. This watch polls for the socket every
 * {@value #POLL_MILLIS} ms while the attaching thread waits, and interrupts that thread's sleep
 * once the socket is there: the JDK's loop ignores the interrupt and finds the socket at once.
 *
 * <p>Where the socket is not where this watch looks (a JVM in another container, a platform
 * without {@code /tmp}), it never fires and the attach takes its usual time. Interrupting the
 * thread outside that sleep is possible in a race; {@link #stop} clears what is left of it and
 * says whether an attach that failed may have failed for that reason.
 *
 * <p>Thread safety: {@link #stop} and the watch thread synchronise on this object, so no
 * interrupt arrives after {@link #stop} returns.
 */
final class AttachListenerWatch {

    private static final long POLL_MILLIS = 2;

    private final Thread attaching;
    private final List<Path> sockets;
    private boolean stopped;
    private boolean interrupted;

    private AttachListenerWatch(Thread attaching, List<Path> sockets) {
        this.attaching = attaching;
        this.sockets = sockets;
    }

    /**
     * Starts watching for the attach listener of JVM {@code pid} on behalf of the calling
     * thread, unless the listener runs already (a JVM attached to before).
     *
     * @param pid the JVM's process id
     * @return the watch, to {@link #stop} once the attach returned
     */
    static AttachListenerWatch start(long pid) {
        String name = ".java_pid" + pid;
        List<Path> sockets = List.of(Path.of("/proc", Long.toString(pid), "root", "tmp", name),
                Path.of(System.getProperty("java.io.tmpdir"), name));
        AttachListenerWatch watch = new AttachListenerWatch(Thread.currentThread(), sockets);
        if (!watch.listening()) {
            Thread thread = new Thread(watch::run, "jlp-attach-listener-watch");
            thread.setDaemon(true);
            thread.start();
        }
        return watch;
    }

    private boolean listening() {
        return sockets.stream().anyMatch(Files::exists);
    }

    private void run() {
        try {
            while (!isStopped()) {
                if (listening()) {
                    wake();
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            // Nobody interrupts this daemon thread; if it happens, the attach takes its usual time.
        }
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    private synchronized void wake() {
        if (!stopped) {
            interrupted = true;
            attaching.interrupt();
        }
    }

    /**
     * Stops the watch and clears an interrupt it left on the attaching thread. Call it on that
     * thread; calling it again does no harm.
     *
     * @return whether the watch interrupted the attaching thread: if the attach failed, it may
     *     have failed for that reason, and attaching again finds the listener up
     */
    synchronized boolean stop() {
        stopped = true;
        if (interrupted) {
            Thread.interrupted();
        }
        return interrupted;
    }
}
