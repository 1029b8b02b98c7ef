package io.jlivepatch.bench;

import java.util.function.Consumer;

/**
 * A benchmark that is not a JMH benchmark: a whole situation (threads, transitions, a service
 * under load), run in a JVM of its own by {@link ScenarioMain}, reporting figures as it goes.
 */
public interface Scenario {

    /**
     * Runs the scenario.
     *
     * @param mode how long to take
     * @param out receives each figure as soon as it is measured
     */
    void run(RunMode mode, Consumer<Figure> out) throws Exception;
}
