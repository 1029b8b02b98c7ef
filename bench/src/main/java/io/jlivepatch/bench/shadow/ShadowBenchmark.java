package io.jlivepatch.bench.shadow;

import io.jlivepatch.api.ShadowVariables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hot path of shadow variables (issue 6): {@code ShadowVariables.get} of an existing
 * variable, against what a patch could use otherwise: a field of the object (what the fix would
 * do if the class could change) and a {@code ConcurrentHashMap} keyed by the object. 1,000
 * objects each with one variable, plus 1,000 other variables, read round-robin.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ShadowBenchmark {

    private static final long ID = 0x5ADE_0001L;
    private static final int OBJECTS = 1_000;

    /** An object with the field a rebuilt class would have. */
    static final class Holder {
        Integer value;
    }

    private final List<Holder> objects = new ArrayList<>();
    private final Map<Object, Integer> map = new ConcurrentHashMap<>();
    private int next;

    /** Attaches one variable to each object, the same value in the field and the map. */
    @Setup
    public void attach() {
        for (int i = 0; i < OBJECTS; i++) {
            Holder holder = new Holder();
            Integer value = i;
            holder.value = value;
            objects.add(holder);
            map.put(holder, value);
            ShadowVariables.alloc(holder, ID, o -> value);
            ShadowVariables.alloc(new Object(), ID + 1, o -> value);
        }
    }

    private Holder nextObject() {
        next = (next + 1) % OBJECTS;
        return objects.get(next);
    }

    /** @return the field's value */
    @Benchmark
    public Integer fieldRead() {
        return nextObject().value;
    }

    /** @return the map's value for the object */
    @Benchmark
    public Integer concurrentHashMap() {
        return map.get(nextObject());
    }

    /** @return the shadow variable of the object */
    @Benchmark
    public Integer shadowGet() {
        return ShadowVariables.get(nextObject(), ID);
    }
}
