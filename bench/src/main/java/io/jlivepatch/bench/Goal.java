package io.jlivepatch.bench;

import java.util.List;

/**
 * A performance target of DESIGN §9, checked against a figure of the run.
 *
 * @param figure the figure's name
 * @param limit the bound
 * @param strict whether the figure must be below the bound, not merely at most it
 * @param text the target in words
 */
public record Goal(String figure, double limit, boolean strict, String text) {

    /** The targets of DESIGN §9 that this module measures. */
    public static final List<Goal> ALL = List.of(
            new Goal("redirect.patched_over_fixed_compiled_in", 1.05, false,
                    "patched method <= 1.05x the fix compiled in"),
            new Goal("redirect.java6.patched_over_fixed_compiled_in", 1.05, false,
                    "class file of Java 6: patched method <= 1.05x the fix compiled in"),
            new Goal("beside_agent.patched_over_fixed_compiled_in", 1.05, false,
                    "beside another agent's advice: patched method <= 1.05x the fix compiled in"),
            new Goal("redirect.restored_over_never_patched", 1.01, false,
                    "restored method <= 1.01x never patched"),
            new Goal("transition.added.switched", 30, false,
                    "during a transition, switched thread: <= 30 ns added per call"),
            new Goal("transition.added.not_switched", 30, false,
                    "during a transition, not-switched thread: <= 30 ns added per call"),
            new Goal("latency.n1000.t200.load.median", 100, true,
                    "1,000 functions, 200 busy threads: transition < 100 ms"),
            new Goal("latency.n1000.t200.load_over_redefine", 1, false,
                    "1,000 functions, 200 busy threads: load <= 1x a plain redefinition"),
            new Goal("latency.n1000.t200.replace_over_redefine", 1, false,
                    "1,000 functions, 200 busy threads: replace <= 1x a plain redefinition"),
            new Goal("latency.n1000.t200.disable_over_redefine", 1, false,
                    "1,000 functions, 200 busy threads: disable <= 1x a plain redefinition"),
            new Goal("latency.n1000.t200.load.worst_over_median", 3, false,
                    "1,000 functions, 200 busy threads: worst load <= 3x its median"),
            new Goal("e2e.load.attach_first.median", 1000, true,
                    "jlp load end to end, attach included: < 1 s"),
            new Goal("http.paced.errors", 0, false,
                    "HTTP load, a replace transition every 500 ms: zero failed requests"),
            new Goal("http.p99_paced_over_baseline", 2, false,
                    "HTTP load, a replace transition every 500 ms: p99 <= 2x baseline"),
            new Goal("http.transitions.errors", 0, false,
                    "HTTP load during back-to-back replace transitions: zero failed requests"),
            new Goal("http.p99_transitions_over_baseline", 2, false,
                    "HTTP load during back-to-back replace transitions: p99 <= 2x baseline"));

    /** @return {@code met}, {@code MISSED} or {@code not measured}, for the figure's value */
    public String verdict(double value) {
        if (Double.isNaN(value)) {
            return "not measured";
        }
        return (strict ? value < limit : value <= limit) ? "met" : "MISSED";
    }
}
