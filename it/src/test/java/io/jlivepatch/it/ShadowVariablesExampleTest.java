package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.InvoiceService;
import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shadow-variable example of the README in the demo service: {@code demo-cumulative-1} gives
 * the seasonal discount within a budget of 20.00 EUR kept in a shadow variable of the Billing;
 * {@code demo-cumulative-2} replaces it, adds the VAT fix, and goes on with the same budget.
 * The patches build their shadow variable with a lambda, made through a proxy on every JDK.
 */
class ShadowVariablesExampleTest {

    private static final Pattern DISCOUNT = Pattern.compile("discount (\\d+\\.\\d\\d)");
    private static final String UNPATCHED =
            "4 items, net 88.79, discount 0.00, VAT 17.00, total 105.79 EUR";
    private static final String BUDGET_SPENT_VAT_FIXED =
            "4 items, net 88.79, discount 0.00, VAT 17.76, total 106.55 EUR";
    private static final long LINE_SECONDS = 20;

    @Test
    @SuppressWarnings("unchecked")
    void theDiscountBudgetSurvivesTheCumulativeReplacement() {
        try (InvoiceService service = InvoiceService.start()) {
            assertEquals(UNPATCHED, amounts(service.next("unpatched", l -> true, LINE_SECONDS)));
            Jlp.ok("load", service.pid(), Jars.example("demo-cumulative1"));
            service.next("with the discount", l -> discount(l).signum() > 0, LINE_SECONDS);
            Jlp.ok("load", service.pid(), Jars.example("demo-cumulative2"));
            int replaced = service.seen().size();
            service.next("with the VAT fixed and the budget spent",
                    l -> amounts(l).equals(BUDGET_SPENT_VAT_FIXED), LINE_SECONDS);

            BigDecimal given = service.seen().stream().map(ShadowVariablesExampleTest::discount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(new BigDecimal("20.00"), given, "one budget over both patches: "
                    + service.seen());
            Jlp.Result status = Jlp.ok("status", service.pid(), "--json");
            List<Map<String, Object>> patches =
                    (List<Map<String, Object>>) status.json().get("patches");
            assertEquals(List.of("demo-cumulative-2"), patches.stream()
                    .map(p -> p.get("name")).toList(), status.describe());
            assertEquals(Map.of(Long.toString(0xD15C_0001L), 1L),
                    status.json().get("shadowVariables"), "one Billing: " + status.describe());
            assertTrue(service.seen().size() > replaced, "lines after the replacement");
        }
    }

    /** @return the line without its invoice number, for example {@code 4 items, ...} */
    private static String amounts(String line) {
        return line.substring(line.indexOf(": ") + 2);
    }

    private static BigDecimal discount(String line) {
        Matcher m = DISCOUNT.matcher(line);
        if (!m.find()) {
            throw new AssertionError("not an invoice line: " + line);
        }
        return new BigDecimal(m.group(1));
    }
}
