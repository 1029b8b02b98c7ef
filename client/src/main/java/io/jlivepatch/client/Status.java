package io.jlivepatch.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's status document, the object {@code jlp status --json} prints, with typed views of
 * what clients act on: each patch's flags and the transition in progress. {@link #json()} is the
 * whole document, member names and order as the agent wrote them.
 *
 * @param json the document
 */
public record Status(Map<String, Object> json) {

    /**
     * One patch.
     *
     * @param name its name
     * @param enabled the kernel's {@code enabled}: true while patching or patched
     * @param inTransition whether this patch is in transition
     * @param targetsFoundNowhere target classes no class loader could find at its load
     */
    public record Patch(String name, boolean enabled, boolean inTransition,
            List<String> targetsFoundNowhere) {
    }

    /**
     * A thread the transition waits for.
     *
     * @param name the thread's name
     * @param id its id
     * @param blockedIn the changed function on its stack
     */
    public record PendingThread(String name, long id, String blockedIn) {
    }

    /**
     * The transition in progress.
     *
     * @param patch the patch in transition
     * @param target {@code PATCHED} or {@code UNPATCHED}
     * @param pendingThreads the threads not switched yet
     */
    public record Transition(String patch, String target, List<PendingThread> pendingThreads) {
    }

    /**
     * @param line the document as JSON text
     * @return the status it holds
     * @throws IllegalStateException if the text is not a status document
     */
    @SuppressWarnings("unchecked")
    public static Status read(String line) {
        if (!(Json.read(line) instanceof Map<?, ?> json) || !(json.get("patches") instanceof List)) {
            throw new IllegalStateException("not a jlivepatch status document: " + line);
        }
        return new Status((Map<String, Object>) json);
    }

    /** @return the patches, in stack order */
    public List<Patch> patches() {
        List<Patch> patches = new ArrayList<>();
        for (Object p : (List<?>) json.get("patches")) {
            Map<?, ?> patch = (Map<?, ?>) p;
            List<String> nowhere = new ArrayList<>();
            if (patch.get("targetsFoundNowhere") instanceof List<?> list) {
                list.forEach(target -> nowhere.add(String.valueOf(target)));
            }
            patches.add(new Patch((String) patch.get("name"),
                    Boolean.TRUE.equals(patch.get("enabled")),
                    Boolean.TRUE.equals(patch.get("transition")), List.copyOf(nowhere)));
        }
        return patches;
    }

    /**
     * @param name a patch name
     * @return that patch, if the engine holds it
     */
    public Optional<Patch> patch(String name) {
        return patches().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** @return the transition in progress, if any */
    public Optional<Transition> transition() {
        if (!(json.get("transition") instanceof Map<?, ?> t)) {
            return Optional.empty();
        }
        List<PendingThread> pending = new ArrayList<>();
        if (t.get("pendingThreads") instanceof List<?> threads) {
            for (Object p : threads) {
                Map<?, ?> thread = (Map<?, ?>) p;
                pending.add(new PendingThread((String) thread.get("name"),
                        ((Number) thread.get("id")).longValue(), (String) thread.get("blockedIn")));
            }
        }
        return Optional.of(new Transition((String) t.get("patch"), (String) t.get("target"),
                List.copyOf(pending)));
    }

    /**
     * @return why this is the latest status read rather than a fresh one (the engine was held
     *     by an operation or a callback), if it is
     */
    public Optional<String> stale() {
        return Optional.ofNullable((String) json.get("stale"));
    }

    /**
     * Where a patch's transition stands, as this status shows it.
     *
     * @param name the patch name
     * @return {@code PATCHED} (enabled, out of transition), {@code UNPATCHED} (gone), or empty
     *     while it is in transition or the status is stale (it may predate the operation)
     */
    public Optional<TransitionEnd.State> settled(String name) {
        Optional<Patch> patch = patch(name);
        boolean inTransition = patch.map(Patch::inTransition).orElse(false)
                || transition().map(t -> t.patch().equals(name)).orElse(false);
        if (inTransition || stale().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(patch.filter(Patch::enabled).isPresent() ? TransitionEnd.State.PATCHED
                : TransitionEnd.State.UNPATCHED);
    }
}
