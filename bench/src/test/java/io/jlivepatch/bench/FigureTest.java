package io.jlivepatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FigureTest {

    @Test
    void machineLinesReadBackAsTheSameFigures() {
        for (Figure figure : new Figure[] {Figure.bench("redirect.patched", 41.25, "ns/op"),
            Figure.ratio("redirect.patched_over_fixed_compiled_in", 1.012),
            Figure.skip("shadow", "io.jlivepatch.api.ShadowVariables does not exist yet")}) {
            Optional<Figure> read = Figure.parse(figure.line());
            assertEquals(figure.line(), read.orElseThrow().line());
        }
    }

    @Test
    void linesPrintTheDocumentedFormat() {
        assertEquals("BENCH latency.n1000.t200.load.median 87.40 ms",
                Figure.bench("latency.n1000.t200.load.median", 87.4, "ms").line());
        assertEquals("RATIO http.p99_transitions_over_baseline 1.234",
                Figure.ratio("http.p99_transitions_over_baseline", 1.2341).line());
        assertEquals("BENCH http.baseline.requests 12345 requests",
                Figure.bench("http.baseline.requests", 12345, "requests").line());
    }

    @Test
    void aTimedOutFigureIsASkipThatSaysSoAndReadsBackAsOne() {
        Figure figure = Figure.timedOut("latency.n1000.t200.load.median", Duration.ofSeconds(20),
                "repeat 1 of 2");

        assertEquals("SKIP latency.n1000.t200.load.median did not complete within 20 s"
                + " (repeat 1 of 2)", figure.line());
        assertTrue(Figure.parse(figure.line()).orElseThrow().isTimedOut());
        assertFalse(Figure.skip("shadow", "not yet").isTimedOut());
    }

    @Test
    void otherOutputIsNotAFigure() {
        assertTrue(Figure.parse("# Warmup Iteration   1: 40.1 ns/op").isEmpty());
        assertTrue(Figure.parse("BENCH x notanumber ms").isEmpty());
        assertTrue(Figure.parse("").isEmpty());
    }

    @Test
    void namesWithSpacesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Figure.bench("two words", 1, "ms"));
    }
}
