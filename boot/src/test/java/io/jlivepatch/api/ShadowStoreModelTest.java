package io.jlivepatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * The shadow-variable store under concurrency: Lincheck's model checker tries the
 * interleavings of two threads that attach, read, replace and free variables of three objects
 * in a table of two slots (so that adding an object rebuilds the table under the readers), and
 * checks every outcome against some sequential order; a stress test then runs the same
 * operations on real threads over thousands of objects.
 */
class ShadowStoreModelTest {

    @Test
    void everyInterleavingIsSomeSequentialOrder() {
        new LinChecker(Model.class, new ModelCheckingOptions().threads(2).actorsPerThread(3)
                .actorsBefore(1).actorsAfter(1).iterations(10).invocationsPerIteration(200))
                .check();
    }

    /** The operations, on one store per scenario. */
    @Param(name = "object", gen = IntGen.class, conf = "0:2")
    @Param(name = "id", gen = IntGen.class, conf = "1:2")
    public static class Model {
        private final Object[] objects = {new Object(), new Object(), new Object()};
        private final ShadowStore store = new ShadowStore(2) {
            @Override
            int hash(Object obj, long id) {
                return (obj == objects[0] ? 0 : obj == objects[1] ? 1 : 2) + (int) id;
            }
        };
        private final AtomicInteger made = new AtomicInteger();

        /** @return the value, made at most once per object and id */
        @Operation
        public Object getOrAlloc(@Param(name = "object") int object, @Param(name = "id") int id) {
            return store.findOrCreate(objects[object], id, o -> made.incrementAndGet(),
                    new boolean[1]);
        }

        /** @return the value, or null */
        @Operation
        public Object get(@Param(name = "object") int object, @Param(name = "id") int id) {
            return shown(store.get(objects[object], id));
        }

        /** Writes a value. */
        @Operation
        public void set(@Param(name = "object") int object, @Param(name = "id") int id) {
            store.set(objects[object], id, -id);
        }

        /** @return the freed value, or null */
        @Operation
        public Object free(@Param(name = "object") int object, @Param(name = "id") int id) {
            return shown(store.remove(objects[object], id));
        }

        private static Object shown(Object value) {
            return value == ShadowStore.ABSENT ? null : value;
        }
    }

    @Test
    void readersNeverMissAVariableWhileTheTableGrows() throws Exception {
        ShadowStore store = new ShadowStore(2);
        int threads = 4;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger constructed = new AtomicInteger();
        Object shared = new Object();
        List<Future<List<Object>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<Object> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        Object obj = new Object();
                        mine.add(obj);
                        store.set(obj, 7, i);
                        store.findOrCreate(shared, 9, o -> constructed.incrementAndGet(),
                                new boolean[1]);
                        for (int back = Math.max(0, i - 8); back <= i; back++) {
                            assertEquals(back, store.get(mine.get(back), 7),
                                    "thread " + thread + " lost object " + back);
                        }
                        assertSame(ShadowStore.ABSENT, store.get(obj, 8));
                    }
                    return mine;
                }));
            }
            start.countDown();
            for (Future<List<Object>> result : results) {
                List<Object> mine = result.get(5, TimeUnit.MINUTES);
                for (int i = 0; i < mine.size(); i++) {
                    assertEquals(i, store.get(mine.get(i), 7));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, constructed.get(), "the shared variable was made once");
        assertSame(store.get(shared, 9), store.findOrCreate(shared, 9, o -> 0, new boolean[1]));
        assertEquals(threads * perThread, store.counts().get(7L));
    }
}
