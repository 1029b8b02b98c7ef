package io.jlivepatch.core.redirect;

import io.jlivepatch.core.bytecode.ConstructorBody;
import io.jlivepatch.dispatch.DispatchControl;
import io.jlivepatch.dispatch.FuncSite;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every function stack, by class and method (the kernel's {@code klp_ops} list), and the
 * weaving that follows from them: a method has a prologue exactly while it has a stack.
 *
 * <p>Guarded by the engine's lock.
 */
public final class FuncStacks {

    private static final AtomicInteger NEXT_ID = new AtomicInteger(1);

    private final ClassWeaver weaver;
    private final DispatchControl dispatch;
    /**
     * The stacks of each class, held by the class itself: a stack refers to replacements defined
     * in the class's own loader, and nothing here may keep that loader alive.
     */
    private final ClassValue<Map<String, FuncStack>> stacks = new ClassValue<>() {
        @Override
        protected Map<String, FuncStack> computeValue(Class<?> type) {
            return new HashMap<>();
        }
    };
    /**
     * Function ids, stable for the life of a class: weaving a method again reuses its id, so the
     * woven bytes are the same every time. HotSpot keeps every constant a retransformation adds
     * to a class's constant pool, so fresh ids at each load would grow the pool, and the cost of
     * every later retransformation of the class, without bound.
     */
    private final Map<Class<?>, Map<String, Integer>> ids = new WeakHashMap<>();

    /**
     * @param weaver weaves and unweaves classes
     * @param dispatch the engine's control of dispatch
     */
    public FuncStacks(ClassWeaver weaver, DispatchControl dispatch) {
        this.weaver = weaver;
        this.dispatch = dispatch;
    }

    /**
     * @return the stack of a method, or {@code null} if it has none
     */
    public FuncStack find(Class<?> target, String methodKey) {
        return stacks.get(target).get(methodKey);
    }

    /**
     * Gives each requested method a stack, weaving the prologue into those that have none yet,
     * with one retransformation for all their classes. Methods that already have a stack keep
     * it. On failure nothing changes.
     *
     * @param requests the methods: class, method key, display name and prologue call type
     * @return the stacks, in request order
     * @throws WeaveException if the JVM refused to weave
     */
    public List<FuncStack> obtain(List<Request> requests) throws WeaveException {
        List<FuncStack> result = new ArrayList<>();
        List<FuncStack> created = new ArrayList<>();
        Map<Class<?>, Map<String, Integer>> plans = new LinkedHashMap<>();
        Map<Class<?>, Set<String>> requested = new IdentityHashMap<>();
        Map<Request, List<ConstructorBody>> bodiesBefore = new LinkedHashMap<>();
        for (Request request : requests) {
            FuncStack stack = find(request.target(), request.methodKey());
            if (!requested.computeIfAbsent(request.target(), c -> new HashSet<>())
                    .add(request.methodKey())) {
                throw new IllegalArgumentException(request.displayName() + " is replaced twice"
                        + " for the same class: a patch may replace a method of a class once");
            }
            if (stack != null && !stack.site().type().equals(request.callType())) {
                throw new IllegalArgumentException(request.displayName() + ": an enabled patch"
                        + " replaces this constructor " + (request.body() == null
                                ? "whole (with its super(...) call) and this one after its"
                                : "after its super(...) call and this one whole, with its")
                        + " super(...) call; the patches of one constructor must replace it"
                        + " alike: disable the other patch first, or build both the same way");
            }
            if (stack == null) {
                FuncSite site = dispatch.newSite(idOf(request.target(), request.methodKey()),
                        request.displayName(), request.callType());
                stack = new FuncStack(request.target(), request.methodKey(), site, dispatch);
                created.add(stack);
                plans.computeIfAbsent(request.target(), this::currentPlan)
                        .put(request.methodKey(), site.id());
            }
            if (request.body() != null) {
                bodiesBefore.put(request, weaver.bodies(request.target(), request.methodKey()));
                plans.computeIfAbsent(request.target(), this::currentPlan);
            }
            result.add(stack);
        }
        if (plans.isEmpty()) {
            return result;
        }
        bodiesBefore.forEach((r, before) -> {
            List<ConstructorBody> with = new ArrayList<>(before);
            with.add(r.body());
            weaver.setBodies(r.target(), r.methodKey(), with);
        });
        try {
            created.forEach(s -> dispatch.register(s.targetClass(), s.site()));
            weaver.apply(plans);
        } catch (WeaveException | RuntimeException | Error e) {
            created.forEach(s -> dispatch.unregister(s.targetClass(), s.site()));
            bodiesBefore.forEach((r, before) -> weaver.setBodies(r.target(), r.methodKey(),
                    before));
            throw e;
        }
        for (FuncStack stack : created) {
            stacks.get(stack.targetClass()).put(stack.methodKey(), stack);
        }
        return result;
    }

    /**
     * Removes the prologue of every given method whose stack is empty, with one
     * retransformation: those methods run their original bytes again.
     *
     * @param candidates stacks that may have become empty
     * @throws WeaveException if the JVM refused; the prologues then stay, bound to the original
     */
    public void release(Collection<FuncStack> candidates) throws WeaveException {
        Map<Class<?>, Map<String, Integer>> plans = new LinkedHashMap<>();
        List<FuncStack> released = new ArrayList<>();
        for (FuncStack stack : candidates) {
            if (stack.isEmpty() && find(stack.targetClass(), stack.methodKey()) == stack) {
                released.add(stack);
                plans.computeIfAbsent(stack.targetClass(), this::currentPlan)
                        .remove(stack.methodKey());
            }
        }
        if (plans.isEmpty()) {
            return;
        }
        weaver.apply(plans);
        for (FuncStack stack : released) {
            stacks.get(stack.targetClass()).remove(stack.methodKey());
            weaver.setBodies(stack.targetClass(), stack.methodKey(), List.of());
            dispatch.unregister(stack.targetClass(), stack.site());
        }
    }

    private int idOf(Class<?> target, String methodKey) {
        return ids.computeIfAbsent(target, c -> new HashMap<>())
                .computeIfAbsent(methodKey, k -> NEXT_ID.getAndIncrement());
    }

    private Map<String, Integer> currentPlan(Class<?> target) {
        Map<String, Integer> plan = new HashMap<>();
        stacks.get(target).forEach((key, stack) -> plan.put(key, stack.site().id()));
        return plan;
    }

    /**
     * A method that needs a stack.
     *
     * @param target the declaring class
     * @param methodKey {@code name + descriptor}
     * @param displayName for messages, for example {@code com.acme.Billing.total}
     * @param callType the prologue's call type ({@link ConstructorBody#CALL_TYPE} for a
     *     constructor replaced whole)
     * @param body the whole body of a constructor replaced whole, else {@code null}
     */
    public record Request(Class<?> target, String methodKey, String displayName,
            MethodType callType, ConstructorBody body) {

        /** A request for a method replaced as usual, after its prologue. */
        public Request(Class<?> target, String methodKey, String displayName,
                MethodType callType) {
            this(target, methodKey, displayName, callType, null);
        }
    }
}
