package io.jlivepatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Report report() {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("mode", "quick");
        context.put("java", "OpenJDK \"17\"");
        Report report = new Report(context);
        report.add(Figure.bench("redirect.patched", 41.25, "ns/op"));
        report.add(Figure.ratio("redirect.patched_over_fixed_compiled_in", 1.01));
        report.add(Figure.skip("shadow", "not yet"));
        return report;
    }

    @Test
    void jsonHoldsContextAndFiguresInOrder() {
        assertEquals("""
                {
                  "context": {
                    "mode": "quick",
                    "java": "OpenJDK \\"17\\""
                  },
                  "figures": [
                    {"kind": "BENCH", "name": "redirect.patched", "value": 41.25, "unit": "ns/op"},
                    {"kind": "RATIO", "name": "redirect.patched_over_fixed_compiled_in", \
                "value": 1.010, "unit": ""},
                    {"kind": "SKIP", "name": "shadow", "value": null, "reason": "not yet"}
                  ]
                }
                """, report().json());
    }

    @Test
    void tableHasOneRowPerFigure() {
        String table = report().table();
        assertTrue(table.contains("redirect.patched                                41.25  ns/op"),
                table);
        assertTrue(table.contains("shadow") && table.contains("skipped"), table);
    }

    @Test
    void valueFindsAFigureOfTheRun() {
        assertEquals(1.01, report().value("redirect.patched_over_fixed_compiled_in"));
        assertTrue(Double.isNaN(report().value("absent")));
    }

    @Test
    void shownGivesTheNumberOrWhyTheFigureWasSkipped() {
        assertEquals("1.010", report().shown("redirect.patched_over_fixed_compiled_in"));
        assertEquals("skipped: not yet", report().shown("shadow"));
        assertEquals("NaN", report().shown("absent"));
    }

    @Test
    void aFigureThatDidNotCompleteIsTimedOut() {
        Report report = report();
        report.add(Figure.timedOut("latency.n1000.t200.load.median", Duration.ofSeconds(20), ""));

        assertTrue(report.timedOut("latency.n1000.t200.load.median"));
        assertFalse(report.timedOut("shadow"));
        assertEquals("skipped: did not complete within 20 s",
                report.shown("latency.n1000.t200.load.median"));
    }

    @Test
    void goalsSayMetMissedOrNotMeasured() {
        Goal goal = Goal.ALL.get(0);
        assertEquals("met", goal.verdict(1.05));
        assertEquals("MISSED", goal.verdict(1.2));
        assertEquals("not measured", goal.verdict(Double.NaN));
    }
}
