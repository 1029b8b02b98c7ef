package io.jlivepatch.api;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The store behind {@link ShadowVariables}: an open-addressing table keyed by object identity,
 * whose entries hold their object weakly and carry that object's variables. A read is one
 * identity hash, a probe of an array published with release semantics and a scan of the
 * object's (usually one or two) variables: no lock, no allocation, no boxing, no
 * {@code equals}. Writers take the table's lock to add an object, and the object's entry's
 * lock to change its variables; they publish a new array of variables, never change one a
 * reader may hold.
 *
 * <p>Entries of collected objects stay in the table as tombstones (a probe passes over them,
 * they match no live object) and lose their variables when the reference queue reports them;
 * the table is rebuilt without them when tombstones and live entries fill half of it.
 *
 * <p>Not final only so that the model test can give objects hashes that do not change from run
 * to run ({@link #hash}); nothing in the JVM subclasses it, so the call is inlined.
 */
class ShadowStore {

    private static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(Entry[].class);
    private static final Slot[] NONE = new Slot[0];

    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final int initialCapacity;
    /** Power-of-two length; elements are written with release and read with acquire. */
    private volatile Entry[] entries;
    /** Live entries and tombstones in {@link #entries}: guarded by {@code this}. */
    private int used;

    /** @param initialCapacity the table's first length, a power of two */
    ShadowStore(int initialCapacity) {
        this.initialCapacity = initialCapacity;
        this.entries = new Entry[initialCapacity];
    }

    /** A variable: its id and value; replaced, never changed. */
    static final class Slot {
        final long id;
        final Object value;

        Slot(long id, Object value) {
            this.id = id;
            this.value = value;
        }
    }

    /** One object's variables. */
    private static final class Entry extends WeakReference<Object> {
        final int hash;
        volatile Slot[] slots = NONE;

        Entry(Object obj, int hash, ReferenceQueue<Object> queue) {
            super(obj, queue);
            this.hash = hash;
        }

        Slot find(long id) {
            for (Slot slot : slots) {
                if (slot.id == id) {
                    return slot;
                }
            }
            return null;
        }

        /** Adds or replaces; the caller holds this entry's lock. */
        void put(Slot slot) {
            Slot[] current = slots;
            for (int i = 0; i < current.length; i++) {
                if (current[i].id == slot.id) {
                    Slot[] changed = current.clone();
                    changed[i] = slot;
                    slots = changed;
                    return;
                }
            }
            Slot[] grown = Arrays.copyOf(current, current.length + 1);
            grown[current.length] = slot;
            slots = grown;
        }

        synchronized Slot remove(long id) {
            Slot[] current = slots;
            for (int i = 0; i < current.length; i++) {
                if (current[i].id == id) {
                    Slot[] shrunk = new Slot[current.length - 1];
                    System.arraycopy(current, 0, shrunk, 0, i);
                    System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                    slots = shrunk;
                    return current[i];
                }
            }
            return null;
        }
    }

    /** @return the object's identity hash, spread */
    int hash(Object obj) {
        int h = System.identityHashCode(obj);
        return h ^ (h >>> 16);
    }

    private static Entry find(Entry[] table, Object obj, int hash) {
        int mask = table.length - 1;
        for (int i = hash & mask;; i = (i + 1) & mask) {
            Entry entry = (Entry) ENTRIES.getAcquire(table, i);
            if (entry == null || entry.get() == obj) {
                return entry;
            }
        }
    }

    /**
     * @return the object's variable of that id, or {@code null}
     */
    Slot get(Object obj, long id) {
        if (obj == null) {
            return null;
        }
        Entry entry = find(entries, obj, hash(obj));
        return entry == null ? null : entry.find(id);
    }

    /**
     * The variable, made by {@code ctor} under the object's lock if it does not exist (so at
     * most once however many threads race).
     *
     * @param created set to {@code true} if this call made it
     */
    Slot findOrCreate(Object obj, long id, Function<Object, ?> ctor, boolean[] created) {
        Entry entry = entryOf(obj);
        synchronized (entry) {
            Slot existing = entry.find(id);
            if (existing != null) {
                return existing;
            }
            Object value = ctor == null ? null : ctor.apply(obj);
            existing = entry.find(id);
            if (existing != null) {
                return existing;
            }
            Slot slot = new Slot(id, value);
            entry.put(slot);
            created[0] = true;
            return slot;
        }
    }

    /** Attaches the variable or replaces its value. */
    void set(Object obj, long id, Object value) {
        Entry entry = entryOf(obj);
        synchronized (entry) {
            entry.put(new Slot(id, value));
        }
    }

    /** @return the removed variable, or {@code null} if there was none */
    Slot remove(Object obj, long id) {
        if (obj == null) {
            return null;
        }
        Entry entry = find(entries, obj, hash(obj));
        return entry == null ? null : entry.remove(id);
    }

    /** Removes the variables of that id of every object, passing each to {@code removed}. */
    void removeAll(long id, BiConsumer<Object, Slot> removed) {
        expunge();
        for (Entry entry : entries) {
            Object obj = entry == null ? null : entry.get();
            Slot slot = obj == null ? null : entry.remove(id);
            if (slot != null) {
                removed.accept(obj, slot);
            }
        }
    }

    /** @return the number of live variables per id */
    Map<Long, Integer> counts() {
        expunge();
        Map<Long, Integer> counts = new TreeMap<>();
        for (Entry entry : entries) {
            if (entry != null && entry.get() != null) {
                for (Slot slot : entry.slots) {
                    counts.merge(slot.id, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private Entry entryOf(Object obj) {
        if (obj == null) {
            throw new NullPointerException("shadow variables attach to an object, not null");
        }
        int hash = hash(obj);
        Entry entry = find(entries, obj, hash);
        if (entry != null) {
            return entry;
        }
        synchronized (this) {
            expunge();
            Entry[] table = entries;
            entry = find(table, obj, hash);
            if (entry != null) {
                return entry;
            }
            if ((used + 1) * 2 > table.length) {
                table = rebuilt(table);
            }
            entry = new Entry(obj, hash, collected);
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
     * Drops the variables of collected objects. No other thread can reach such an entry's
     * variables (it would need the object), so this needs no lock.
     */
    private void expunge() {
        Object gone;
        while ((gone = collected.poll()) != null) {
            ((Entry) gone).slots = NONE;
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
