package io.jlivepatch.core.transition;

import io.jlivepatch.core.redirect.FuncStack;
import io.jlivepatch.dispatch.FuncSite;
import java.lang.StackWalker.StackFrame;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The functions of a transition, in the two forms stack checks need: exact (class identity,
 * name and descriptor) for a thread walking its own stack, and by class and method name for
 * snapshots of other threads, which carry neither descriptors nor classes. Snapshot matching is
 * therefore conservative: an overload or a same-named class of another loader also blocks.
 *
 * <p>A function's own frame is on the stack whether the thread runs its original body or a
 * replacement (the replacement is called from the prologue), so matching the target methods'
 * frames is enough, and works although hidden-class frames are not shown.
 */
final class TransitionSet {

    private static final StackWalker WALKER =
            StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    /** What {@link #ownBlockingFrame} answers when the entered function is not on the stack. */
    private static final String ENTERED_NOT_FOUND = "(its own stack does not show the entered function)";

    // Concurrent: a class arriving during the transition joins the set while threads walk.
    private final Map<Class<?>, Set<String>> exact = new ConcurrentHashMap<>();
    private final Set<String> byName = ConcurrentHashMap.newKeySet();
    private final Map<FuncSite, FuncStack> stacks = new ConcurrentHashMap<>();

    TransitionSet(List<FuncStack> functions) {
        functions.forEach(this::add);
    }

    /**
     * Adds a function; before any code of its class runs, so no thread has it on its stack yet.
     * Class and method keys go in before the site, so a thread that finds the site also finds
     * its frames.
     */
    void add(FuncStack stack) {
        exact.computeIfAbsent(stack.targetClass(), c -> ConcurrentHashMap.newKeySet())
                .add(stack.methodKey());
        String key = stack.methodKey();
        byName.add(stack.targetClass().getName() + "." + key.substring(0, key.indexOf('(')));
        stacks.put(stack.site(), stack);
    }

    /**
     * Walks the calling thread's stack, which is inside the prologue of {@code entered}.
     *
     * @return the first function of the set on the stack below the entered function's frame, as
     *     {@code Class.method}; {@code null} if there is none
     */
    String ownBlockingFrame(FuncSite entered) {
        FuncStack enteredStack = stacks.get(entered);
        if (enteredStack == null) {
            return ENTERED_NOT_FOUND;
        }
        return WALKER.walk(frames -> blockingFrame(frames, enteredStack));
    }

    private String blockingFrame(Stream<StackFrame> frames, FuncStack entered) {
        boolean[] seenEntered = new boolean[1];
        Optional<StackFrame> blocking = frames.filter(frame -> {
            if (!seenEntered[0]) {
                seenEntered[0] = frame.getDeclaringClass() == entered.targetClass()
                        && entered.methodKey().equals(frame.getMethodName()
                                + frame.getDescriptor());
                return false;
            }
            Set<String> methods = exact.get(frame.getDeclaringClass());
            return methods != null
                    && methods.contains(frame.getMethodName() + frame.getDescriptor());
        }).findFirst();
        if (!seenEntered[0]) {
            return ENTERED_NOT_FOUND;
        }
        return blocking.map(frame -> frame.getClassName() + "." + frame.getMethodName())
                .orElse(null);
    }

    /**
     * @param stack a snapshot of another thread's stack
     * @return the first function of the set on it, as {@code Class.method}, or {@code null}
     */
    String blockingFrame(StackTraceElement[] stack) {
        for (StackTraceElement element : stack) {
            String key = element.getClassName() + "." + element.getMethodName();
            if (byName.contains(key)) {
                return key;
            }
        }
        return null;
    }

    /** @return whether the site belongs to the set */
    boolean contains(FuncSite site) {
        return stacks.containsKey(site);
    }
}
