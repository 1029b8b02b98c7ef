package io.jlivepatch.core;

import io.jlivepatch.core.LoadedPatch.ObjectInstance;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.function.Predicate;

/**
 * The kernel's module going, for a class loader that became unreachable while classes of it
 * were patched: a daemon thread reads the object instances the garbage collector reports and
 * has them forgotten. The JVM tells nothing before a loader goes, and by then the object's
 * callbacks, code defined in that loader, are gone with it, so none runs (see
 * {@code docs/design-notes.md}).
 *
 * <p>Thread safety: the reader takes the engine's lock for each departure.
 */
final class LoaderDepartures {

    private final ReferenceQueue<ObjectInstance> queue = new ReferenceQueue<>();
    private final Thread reader;

    /**
     * @param lock the engine's lock
     * @param departed forgets one departure; answers whether it was still there to forget
     * @param changed run, outside the lock, after a departure was forgotten
     */
    LoaderDepartures(Object lock, Predicate<LoadedPatch.Departure> departed, Runnable changed) {
        this.reader = new Thread(() -> read(lock, departed, changed), "jlivepatch departures");
        reader.setDaemon(true);
        reader.start();
    }

    /** @return where the object instances of patches report that their loader went away */
    ReferenceQueue<ObjectInstance> queue() {
        return queue;
    }

    /** Stops reading. */
    void stop() {
        reader.interrupt();
    }

    private void read(Object lock, Predicate<LoadedPatch.Departure> departed, Runnable changed) {
        while (true) {
            Reference<? extends ObjectInstance> gone;
            try {
                gone = queue.remove();
            } catch (InterruptedException e) {
                return;
            }
            if (gone instanceof LoadedPatch.Departure departure) {
                boolean forgotten;
                synchronized (lock) {
                    forgotten = departed.test(departure);
                }
                if (forgotten) {
                    changed.run();
                }
            }
        }
    }
}
