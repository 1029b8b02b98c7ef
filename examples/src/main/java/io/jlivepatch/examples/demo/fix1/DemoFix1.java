package io.jlivepatch.examples.demo.fix1;

import io.jlivepatch.api.LivePatch;

/** The patch {@code demo-fix1}: its one {@link BillingFix1} object fixes the discount. */
@LivePatch(name = "demo-fix1", description = "Billing.bill: take the seasonal discount off")
final class DemoFix1 {
}
