package io.jlivepatch.api;

import io.jlivepatch.dispatch.EventSink;
import java.util.Map;
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
 * concurrent use; {@link #get} takes no lock and costs about what a {@code ConcurrentHashMap}
 * lookup does.
 *
 * <pre>{@code
 * static final long RETRIES = 0x5EED_0001L;
 * AtomicInteger retries = ShadowVariables.getOrAlloc(request, RETRIES, r -> new AtomicInteger());
 * }</pre>
 */
public final class ShadowVariables {

    private static final ShadowStore STORE = new ShadowStore(64);

    private ShadowVariables() {
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
        Object value = STORE.get(obj, id);
        return value == ShadowStore.ABSENT ? null : (T) value;
    }

    /**
     * Like {@link #get}, but tells a variable that holds {@code null} from none: what
     * {@code jlp build} makes of a new instance field reads the field's initial value for an
     * object without the variable (one built before the patch).
     *
     * @param obj the object the variable is attached to
     * @param id the variable id
     * @param absent what to answer if the object has no such variable
     * @param <T> the variable's type
     * @return the variable's value (which may be {@code null}), or {@code absent}
     */
    @SuppressWarnings("unchecked")
    public static <T> T getOrDefault(Object obj, long id, T absent) {
        Object value = STORE.get(obj, id);
        return value == ShadowStore.ABSENT ? absent : (T) value;
    }

    /**
     * Attaches a variable with that value, or gives an existing one that value: a field write,
     * for the new instance fields {@code jlp build} carries as shadow variables.
     *
     * @param obj the object
     * @param id the variable id
     * @param value the value, which may be {@code null}
     */
    public static void set(Object obj, long id, Object value) {
        STORE.set(obj, id, value);
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
        Object value = construct(obj, id, ctor, created);
        if (value != ShadowStore.ABSENT && !created[0]) {
            EventSink.report(EventSink.Level.WARNING,
                    "Duplicate shadow variable <" + describe(obj) + ", " + hex(id) + ">");
            return null;
        }
        return value == ShadowStore.ABSENT ? null : (T) value;
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
        Object value = construct(obj, id, ctor, new boolean[1]);
        return value == ShadowStore.ABSENT ? null : (T) value;
    }

    /** @return the value, or {@link ShadowStore#ABSENT} if the constructor threw */
    private static Object construct(Object obj, long id, Function<Object, ?> ctor,
            boolean[] created) {
        if (obj == null) {
            throw new NullPointerException("shadow variables attach to an object, not null");
        }
        try {
            return STORE.findOrCreate(obj, id, ctor, created);
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            return failed(obj, id, e);
        }
    }

    private static Object failed(Object obj, long id, Throwable e) {
        EventSink.report(EventSink.Level.ERROR, "Failed to construct shadow variable <"
                + describe(obj) + ", " + hex(id) + "> (" + e + ")");
        return ShadowStore.ABSENT;
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
        Object value = STORE.remove(obj, id);
        if (value != ShadowStore.ABSENT && dtor != null) {
            dtor.accept((T) value);
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
        STORE.removeAll(id, (obj, value) -> {
            if (dtor != null) {
                dtor.accept(obj, (T) value);
            }
        });
    }

    /**
     * @return the number of live variables per id, for status displays
     */
    public static Map<Long, Integer> counts() {
        return STORE.counts();
    }

    private static String describe(Object obj) {
        return obj.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(obj));
    }

    private static String hex(long id) {
        return "0x" + Long.toHexString(id);
    }
}
