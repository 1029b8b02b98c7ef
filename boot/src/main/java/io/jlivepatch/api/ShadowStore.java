package io.jlivepatch.api;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The store behind {@link ShadowVariables}: an open-addressing table with one entry per object
 * and id, keyed by the object's identity and the id; an entry holds its object weakly. A read is
 * what a {@code ConcurrentHashMap} lookup is: one identity hash, a probe of an array whose
 * elements are published with release semantics, and in the entry found a reference compare,
 * an id compare and the value; no lock, no allocation, no boxing, no {@code equals}, and no
 * strong load of the weak referent ({@code refersTo}, which needs no GC keep-alive barrier). Writers
 * take the table's lock to add an entry, and the entry's lock to change its value.
 *
 * <p>A freed variable leaves its entry, holding {@link #ABSENT}, until the object goes. Entries
 * of collected objects stay in the table as tombstones (a probe passes over them, they match no
 * live object) and drop their values when the reference queue reports them; the table is rebuilt
 * without them when tombstones and entries fill half of it.
 *
 * <p>Not final only so that the model test can give objects hashes that do not change from run
 * to run ({@link #hash}); nothing in the JVM subclasses it, so the call is inlined.
 */
class ShadowStore {

    /** The value of an entry whose variable does not exist (never allocated, or freed). */
    static final Object ABSENT = new Object();

    private static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(Entry[].class);

    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final int initialCapacity;
    /** Power-of-two length; elements are written with release and read with acquire. */
    private volatile Entry[] entries;
    /** Entries and tombstones in {@link #entries}: guarded by {@code this}. */
    private int used;

    /** @param initialCapacity the table's first length, a power of two */
    ShadowStore(int initialCapacity) {
        this.initialCapacity = initialCapacity;
        this.entries = new Entry[initialCapacity];
    }

    /** One object's variable of one id; its value is changed under its lock. */
    private static final class Entry extends WeakReference<Object> {
        final int hash;
        final long id;
        volatile Object value = ABSENT;

        Entry(Object obj, long id, int hash, ReferenceQueue<Object> queue) {
            super(obj, queue);
            this.id = id;
            this.hash = hash;
        }
    }

    /** @return the object's identity hash mixed with the id, spread */
    int hash(Object obj, long id) {
        int h = System.identityHashCode(obj) * 31 + Long.hashCode(id);
        return h ^ (h >>> 16);
    }

    private static Entry find(Entry[] table, Object obj, long id, int hash) {
        int mask = table.length - 1;
        for (int i = hash & mask;; i = (i + 1) & mask) {
            Entry entry = (Entry) ENTRIES.getAcquire(table, i);
            if (entry == null || entry.id == id && entry.refersTo(obj)) {
                return entry;
            }
        }
    }

    /** @return the variable's value, or {@link #ABSENT} */
    Object get(Object obj, long id) {
        if (obj == null) {
            return ABSENT;
        }
        Entry entry = find(entries, obj, id, hash(obj, id));
        return entry == null ? ABSENT : entry.value;
    }

    /**
     * The variable's value, made by {@code ctor} under the entry's lock if it does not exist
     * (so at most once however many threads race).
     *
     * @param created set to {@code true} if this call made it
     */
    Object findOrCreate(Object obj, long id, Function<Object, ?> ctor, boolean[] created) {
        Entry entry = entryOf(obj, id);
        synchronized (entry) {
            if (entry.value != ABSENT) {
                return entry.value;
            }
            Object value = ctor == null ? null : ctor.apply(obj);
            if (entry.value != ABSENT) {
                return entry.value;
            }
            entry.value = value;
            created[0] = true;
            return value;
        }
    }

    /** Attaches the variable or replaces its value. */
    void set(Object obj, long id, Object value) {
        Entry entry = entryOf(obj, id);
        synchronized (entry) {
            entry.value = value;
        }
    }

    /** @return the removed variable's value, or {@link #ABSENT} if there was none */
    Object remove(Object obj, long id) {
        if (obj == null) {
            return ABSENT;
        }
        Entry entry = find(entries, obj, id, hash(obj, id));
        return entry == null ? ABSENT : take(entry);
    }

    private static Object take(Entry entry) {
        synchronized (entry) {
            Object value = entry.value;
            entry.value = ABSENT;
            return value;
        }
    }

    /** Removes the variables of that id of every object, passing each to {@code removed}. */
    void removeAll(long id, BiConsumer<Object, Object> removed) {
        expunge();
        for (Entry entry : entries) {
            Object obj = entry == null || entry.id != id ? null : entry.get();
            Object value = obj == null ? ABSENT : take(entry);
            if (value != ABSENT) {
                removed.accept(obj, value);
            }
        }
    }

    /** @return the number of live variables per id */
    Map<Long, Integer> counts() {
        expunge();
        Map<Long, Integer> counts = new TreeMap<>();
        for (Entry entry : entries) {
            if (entry != null && entry.get() != null && entry.value != ABSENT) {
                counts.merge(entry.id, 1, Integer::sum);
            }
        }
        return counts;
    }

    private Entry entryOf(Object obj, long id) {
        if (obj == null) {
            throw new NullPointerException("shadow variables attach to an object, not null");
        }
        int hash = hash(obj, id);
        Entry entry = find(entries, obj, id, hash);
        if (entry != null) {
            return entry;
        }
        synchronized (this) {
            expunge();
            Entry[] table = entries;
            entry = find(table, obj, id, hash);
            if (entry != null) {
                return entry;
            }
            if ((used + 1) * 2 > table.length) {
                table = rebuilt(table);
            }
            entry = new Entry(obj, id, hash, collected);
            int mask = table.length - 1;
            int i = hash & mask;
            while (ENTRIES.getAcquire(table, i) != null) {
                i = (i + 1) & mask;
            }
            ENTRIES.setRelease(table, i, entry);
            used++;
            entries = table;
            return entry;
        }
    }

    /**
     * Drops the values of collected objects' entries. No other thread can reach such an entry
     * (it would need the object), so this needs no lock.
     */
    private void expunge() {
        Object gone;
        while ((gone = collected.poll()) != null) {
            ((Entry) gone).value = ABSENT;
        }
    }

    /** @return a table of the live entries, at most a quarter full; caller holds the lock */
    private Entry[] rebuilt(Entry[] table) {
        int live = 0;
        for (Entry entry : table) {
            live += entry != null && entry.get() != null ? 1 : 0;
        }
        int length = initialCapacity;
        while (length < (live + 1) * 4) {
            length <<= 1;
        }
        Entry[] fresh = new Entry[length];
        int mask = length - 1;
        used = 0;
        for (Entry entry : table) {
            if (entry != null && entry.get() != null) {
                int i = entry.hash & mask;
                while (fresh[i] != null) {
                    i = (i + 1) & mask;
                }
                fresh[i] = entry;
                used++;
            }
        }
        return fresh;
    }
}
