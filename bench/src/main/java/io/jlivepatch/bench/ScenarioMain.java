package io.jlivepatch.bench;

import io.jlivepatch.bench.e2e.EndToEndScenario;
import io.jlivepatch.bench.http.HttpLoadScenario;
import io.jlivepatch.bench.memory.MemoryScenario;
import io.jlivepatch.bench.torture.TortureScenario;
import io.jlivepatch.bench.transition.TransitionCostScenario;
import io.jlivepatch.bench.transition.TransitionLatencyScenario;

/**
 * Runs one scenario in this JVM and prints its figures as {@code BENCH}/{@code RATIO} lines, for
 * {@link BenchMain}, which starts one JVM per scenario so that none inherits another's patches,
 * JIT state or garbage.
 *
 * <p>Usage: {@code ScenarioMain SCENARIO MODE}, where SCENARIO is {@code transition-cost},
 * {@code latency-N} (N functions), {@code end-to-end}, {@code http-load}, {@code memory} or {@code torture}.
 */
public final class ScenarioMain {

    private ScenarioMain() {
    }

    /** Runs the scenario; exits with 1 if it fails. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ScenarioMain SCENARIO quick|full");
            System.exit(1);
        }
        Scenario scenario = scenario(args[0]);
        scenario.run(RunMode.of(args[1]), figure -> System.out.println(figure.line()));
        System.exit(0);
    }

    static Scenario scenario(String name) {
        if (name.startsWith("latency-")) {
            return new TransitionLatencyScenario(Integer.parseInt(name.substring(8)));
        }
        return switch (name) {
            case "transition-cost" -> new TransitionCostScenario();
            case "end-to-end" -> new EndToEndScenario();
            case "http-load" -> new HttpLoadScenario();
            case "memory" -> new MemoryScenario();
            case "torture" -> new TortureScenario();
            default -> throw new IllegalArgumentException("unknown scenario '" + name + "'");
        };
    }
}
