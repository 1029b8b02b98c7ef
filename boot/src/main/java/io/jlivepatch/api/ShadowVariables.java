package io.jlivepatch.api;

import io.jlivepatch.dispatch.EventSink;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Shadow variables (the kernel's {@code klp_shadow_*}): new data attached to existing objects,
 * which a live patch cannot add as fields. A variable is keyed by its object's identity and a
 * {@code long} id; ids are global, so patches that share a variable agree on its id.
 *
 * <p>Unlike the kernel's, a variable is held weakly by its object: it disappears when the object
 * is collected, so a patch that forgets to {@link #free} leaks nothing. A variable allocated
 * without a constructor holds {@code null} (the kernel zero-fills). Every method is safe under
 * concurrent use; {@link #get} takes no lock.
 *
 * <pre>{@code
 * static final long RETRIES = 0x5EED_0001L;
 * AtomicInteger retries = ShadowVariables.getOrAlloc(request, RETRIES, r -> new AtomicInteger());
 * }</pre>
 */
public final class ShadowVariables {

    private static final Map<Object, Variables> VARIABLES = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    private ShadowVariables() {
    }

    /** A variable; it exists while its slot does, even when it holds null. */
    private static final class Slot {
        final long id;
        final Object value;

        Slot(long id, Object value) {
            this.id = id;
            this.value = value;
        }
    }

    /**
     * The variables of one object: usually one or two, so a copy-on-write array that readers
     * scan without a lock or boxing; writers synchronise on it.
     */
    private static final class Variables {
        private static final Slot[] NONE = new Slot[0];
        private volatile Slot[] slots = NONE;

        Slot find(long id) {
            for (Slot slot : slots) {
                if (slot.id == id) {
                    return slot;
                }
            }
            return null;
        }

        /** Runs the constructor under the lock, so at most once per variable. */
        synchronized Slot findOrCreate(Object obj, long id, Function<Object, ?> ctor,
                boolean[] created) {
            Slot existing = find(id);
            if (existing != null) {
                return existing;
            }
            Object value = ctor == null ? null : ctor.apply(obj);
            existing = find(id);
            if (existing != null) {
                return existing;
            }
            Slot slot = new Slot(id, value);
            Slot[] grown = Arrays.copyOf(slots, slots.length + 1);
            grown[grown.length - 1] = slot;
            slots = grown;
            created[0] = true;
            return slot;
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

        Slot[] all() {
            return slots;
        }
    }

    /**
     * The kernel's {@code klp_shadow_get}.
     *
     * @param obj the object the variable is attached to
     * @param id the variable id
     * @param <T> the variable's type
     * @return the variable's value, or {@code null} if there is none
     */
    @SuppressWarnings("unchecked")
    public static <T> T get(Object obj, long id) {
        Variables variables = VARIABLES.get(new Lookup(obj));
        Slot slot = variables == null ? null : variables.find(id);
        return slot == null ? null : (T) slot.value;
    }

    /**
     * The kernel's {@code klp_shadow_alloc}: attaches a new variable. If the object already has
     * one with this id, reports {@code Duplicate shadow variable} and returns {@code null}; if
     * the constructor throws, reports {@code Failed to construct shadow variable} and returns
     * {@code null}; either way nothing changes.
     *
     * @param obj the object
     * @param id the variable id
     * @param ctor makes the value from the object, or {@code null} for a {@code null} value
     * @param <T> the variable's type
     * @return the new value, or {@code null} on failure
     */
    @SuppressWarnings("unchecked")
    public static <T> T alloc(Object obj, long id, Function<Object, T> ctor) {
        boolean[] created = new boolean[1];
        Slot slot = construct(obj, id, ctor, created);
        if (slot != null && !created[0]) {
            EventSink.report(EventSink.Level.WARNING,
                    "Duplicate shadow variable <" + describe(obj) + ", " + hex(id) + ">");
            return null;
        }
        return slot == null ? null : (T) slot.value;
    }

    /**
     * The kernel's {@code klp_shadow_get_or_alloc}: the existing variable, or a new one. The
     * constructor runs only if the variable did not exist, and at most once however many
     * threads race.
     *
     * @param obj the object
     * @param id the variable id
     * @param ctor makes the value from the object, or {@code null} for a {@code null} value
     * @param <T> the variable's type
     * @return the value, or {@code null} if the constructor threw
     */
    @SuppressWarnings("unchecked")
    public static <T> T getOrAlloc(Object obj, long id, Function<Object, T> ctor) {
        Slot slot = construct(obj, id, ctor, new boolean[1]);
        return slot == null ? null : (T) slot.value;
    }

    private static Slot construct(Object obj, long id, Function<Object, ?> ctor,
            boolean[] created) {
        if (obj == null) {
            throw new NullPointerException("shadow variables attach to an object, not null");
        }
        expunge();
        Variables variables = VARIABLES.get(new Lookup(obj));
        if (variables == null) {
            variables = VARIABLES.computeIfAbsent(new Key(obj, COLLECTED), k -> new Variables());
        }
        try {
            return variables.findOrCreate(obj, id, ctor, created);
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            EventSink.report(EventSink.Level.ERROR, "Failed to construct shadow variable <"
                    + describe(obj) + ", " + hex(id) + "> (" + e + ")");
            return null;
        }
    }

    /**
     * The kernel's {@code klp_shadow_free}; nothing happens if there is no such variable.
     *
     * @param obj the object
     * @param id the variable id
     */
    public static void free(Object obj, long id) {
        free(obj, id, null);
    }

    /**
     * The kernel's {@code klp_shadow_free} with a destructor.
     *
     * @param obj the object
     * @param id the variable id
     * @param dtor receives the value of the freed variable; {@code null} for none
     * @param <T> the variable's type
     */
    @SuppressWarnings("unchecked")
    public static <T> void free(Object obj, long id, Consumer<T> dtor) {
        Variables variables = VARIABLES.get(new Lookup(obj));
        Slot slot = variables == null ? null : variables.remove(id);
        if (slot != null && dtor != null) {
            dtor.accept((T) slot.value);
        }
    }

    /**
     * The kernel's {@code klp_shadow_free_all}: frees the variable of this id on every object.
     *
     * @param id the variable id
     */
    public static void freeAll(long id) {
        freeAll(id, null);
    }

    /**
     * The kernel's {@code klp_shadow_free_all} with a destructor, called in no particular order.
     *
     * @param id the variable id
     * @param dtor receives each object and the value of its freed variable; {@code null} for none
     * @param <T> the variable's type
     */
    @SuppressWarnings("unchecked")
    public static <T> void freeAll(long id, BiConsumer<Object, T> dtor) {
        expunge();
        for (Map.Entry<Object, Variables> entry : VARIABLES.entrySet()) {
            Object obj = ((Key) entry.getKey()).get();
            Slot slot = entry.getValue().remove(id);
            if (slot != null && obj != null && dtor != null) {
                dtor.accept(obj, (T) slot.value);
            }
        }
    }

    /**
     * @return the number of live variables per id, for status displays
     */
    public static Map<Long, Integer> counts() {
        expunge();
        Map<Long, Integer> counts = new TreeMap<>();
        for (Map.Entry<Object, Variables> entry : VARIABLES.entrySet()) {
            if (((Key) entry.getKey()).get() != null) {
                for (Slot slot : entry.getValue().all()) {
                    counts.merge(slot.id, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static void expunge() {
        Object collected;
        while ((collected = COLLECTED.poll()) != null) {
            VARIABLES.remove(collected);
        }
    }

    private static String describe(Object obj) {
        return obj.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(obj));
    }

    private static String hex(long id) {
        return "0x" + Long.toHexString(id);
    }

    /** The map's key: the object, weakly, compared by identity. */
    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object obj, ReferenceQueue<Object> queue) {
            super(obj, queue);
            this.hash = System.identityHashCode(obj);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (other == this) {
                return true;
            }
            Object referent = get();
            if (referent == null) {
                return false;
            }
            if (other instanceof Key key) {
                return key.get() == referent;
            }
            return other instanceof Lookup lookup && lookup.obj == referent;
        }
    }

    /** A key for lookups: strong, short-lived, equal to the stored key of the same object. */
    private static final class Lookup {
        private final Object obj;

        Lookup(Object obj) {
            this.obj = obj;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(obj);
        }

        @Override
        public boolean equals(Object other) {
            if (other instanceof Key key) {
                return key.get() == obj;
            }
            return other instanceof Lookup lookup && lookup.obj == obj;
        }
    }
}
