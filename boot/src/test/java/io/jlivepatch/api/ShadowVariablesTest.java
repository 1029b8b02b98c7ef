package io.jlivepatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.dispatch.EventSinks;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShadowVariablesTest {

    private static final long SV_ID1 = 0x1234;
    private static final long SV_ID2 = 0x1235;

    private final List<String> reports = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void captureReports() {
        EventSinks.install((level, message) -> reports.add(level + " " + message));
    }

    @AfterEach
    void release() {
        EventSinks.install(null);
        ShadowVariables.freeAll(SV_ID1);
        ShadowVariables.freeAll(SV_ID2);
    }

    /** Kernel K17, with the module's PTRn naming: the order in which values are first seen. */
    @Test
    void k17BasicShadowVariableApi() {
        Map<Object, String> names = new IdentityHashMap<>();
        List<String> log = new ArrayList<>();
        Object[] objs = {new Object(), new Object(), new Object()};
        java.util.function.Function<Object, String> ptr = v -> v == null ? "PTR0"
                : names.computeIfAbsent(v, k -> "PTR" + (names.size() + 1));
        ptr.apply(objs[0]);
        java.util.function.Function<Object, Object> ctor = obj -> {
            Object data = new Object();
            log.add("shadow_ctor: " + ptr.apply(data) + " -> " + ptr.apply(obj));
            return data;
        };
        log.add("get(PTR1, 0x1234) = " + ptr.apply(ShadowVariables.get(objs[0], SV_ID1)));
        Object[][] data = new Object[3][2];
        for (int i = 0; i < 3; i++) {
            boolean getOrAlloc = i != 1;
            data[i][0] = getOrAlloc ? ShadowVariables.getOrAlloc(objs[i], SV_ID1, ctor)
                    : ShadowVariables.alloc(objs[i], SV_ID1, ctor);
            log.add((getOrAlloc ? "get_or_alloc(" : "alloc(") + ptr.apply(objs[i])
                    + ", 0x1234) = " + ptr.apply(data[i][0]));
            data[i][1] = ShadowVariables.alloc(objs[i], SV_ID2, ctor);
            log.add("alloc(" + ptr.apply(objs[i]) + ", 0x1235) = " + ptr.apply(data[i][1]));
        }
        for (int i = 0; i < 3; i++) {
            assertSame(data[i][0], ShadowVariables.get(objs[i], SV_ID1));
            assertSame(data[i][1], ShadowVariables.get(objs[i], SV_ID2));
            assertSame(data[i][0], ShadowVariables.getOrAlloc(objs[i], SV_ID1, ctor),
                    "no constructor call for an existing variable");
        }
        for (int i = 0; i < 3; i++) {
            Object obj = objs[i];
            ShadowVariables.<Object>free(obj, SV_ID1, value -> log.add("shadow_dtor(obj="
                    + ptr.apply(obj) + ", shadow_data=" + ptr.apply(value) + ")"));
            assertNull(ShadowVariables.get(obj, SV_ID1));
            assertSame(data[i][1], ShadowVariables.get(obj, SV_ID2));
        }
        ShadowVariables.freeAll(SV_ID2);
        for (Object obj : objs) {
            assertNull(ShadowVariables.get(obj, SV_ID2));
        }
        assertEquals(List.of(
                "get(PTR1, 0x1234) = PTR0",
                "shadow_ctor: PTR2 -> PTR1",
                "get_or_alloc(PTR1, 0x1234) = PTR2",
                "shadow_ctor: PTR3 -> PTR1",
                "alloc(PTR1, 0x1235) = PTR3",
                "shadow_ctor: PTR4 -> PTR5",
                "alloc(PTR5, 0x1234) = PTR4",
                "shadow_ctor: PTR6 -> PTR5",
                "alloc(PTR5, 0x1235) = PTR6",
                "shadow_ctor: PTR7 -> PTR8",
                "get_or_alloc(PTR8, 0x1234) = PTR7",
                "shadow_ctor: PTR9 -> PTR8",
                "alloc(PTR8, 0x1235) = PTR9",
                "shadow_dtor(obj=PTR1, shadow_data=PTR2)",
                "shadow_dtor(obj=PTR5, shadow_data=PTR4)",
                "shadow_dtor(obj=PTR8, shadow_data=PTR7)"), log);
        assertTrue(reports.isEmpty(), reports.toString());
    }

    @Test
    void aDuplicateAllocWarnsAndAFailingConstructorReportsAnErrorAndChangesNothing() {
        Object obj = new Object();
        assertEquals("first", ShadowVariables.alloc(obj, SV_ID1, o -> "first"));
        assertNull(ShadowVariables.alloc(obj, SV_ID1, o -> "second"));
        assertEquals("first", ShadowVariables.get(obj, SV_ID1));
        assertNull(ShadowVariables.alloc(obj, SV_ID2, o -> {
            throw new IllegalStateException("no memory");
        }));
        assertNull(ShadowVariables.get(obj, SV_ID2));
        assertEquals(2, reports.size(), reports.toString());
        assertTrue(reports.get(0).startsWith("WARNING Duplicate shadow variable <java.lang.Object@"),
                reports.get(0));
        assertTrue(reports.get(0).endsWith(", 0x1234>"), reports.get(0));
        assertTrue(reports.get(1).startsWith("ERROR Failed to construct shadow variable <"),
                reports.get(1));
        assertTrue(ShadowVariables.alloc(obj, SV_ID2, null) == null
                && ShadowVariables.counts().get(SV_ID2) == 1, "a null variable still exists");
    }

    @Test
    void theConstructorRunsExactlyOnceUnderRaces() throws Exception {
        int threads = 16;
        List<Object> objects = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            objects.add(new Object());
        }
        AtomicInteger constructed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Object>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                start.await();
                List<Object> seen = new ArrayList<>();
                for (int round = 0; round < 50; round++) {
                    for (Object obj : objects) {
                        seen.add(ShadowVariables.getOrAlloc(obj, SV_ID1, o -> {
                            constructed.incrementAndGet();
                            return new Object();
                        }));
                    }
                }
                return seen;
            }));
        }
        start.countDown();
        List<Object> first = results.get(0).get(60, TimeUnit.SECONDS);
        for (Future<List<Object>> result : results) {
            List<Object> seen = result.get(60, TimeUnit.SECONDS);
            for (int i = 0; i < seen.size(); i++) {
                assertSame(first.get(i), seen.get(i), "every thread sees the one value");
            }
        }
        pool.shutdown();
        assertEquals(objects.size(), constructed.get());
        ShadowVariables.freeAll(SV_ID1, (obj, value) -> constructed.decrementAndGet());
        assertEquals(0, constructed.get(), "freeAll runs the destructor for each variable");
    }

    @Test
    void aVariableDiesWithItsObject() throws Exception {
        Object obj = new Object();
        WeakReference<Object> data = new WeakReference<>(
                ShadowVariables.alloc(obj, SV_ID1, o -> new byte[1024]));
        WeakReference<Object> owner = new WeakReference<>(obj);
        obj = null;
        for (int i = 0; i < 100 && (owner.get() != null || data.get() != null); i++) {
            System.gc();
            Thread.sleep(10);
            ShadowVariables.counts();
        }
        assertNull(owner.get(), "the shadow variable does not keep its object alive");
        assertNull(data.get(), "the value goes with the object");
        assertNull(ShadowVariables.counts().get(SV_ID1));
    }
}
