package io.jlivepatch.examples.demo.cumulative1;

import io.jlivepatch.api.LivePatch;

/**
 * The patch {@code demo-cumulative-1}: a cumulative patch ({@code replace = true}) that takes
 * the seasonal discount off, as {@code demo-fix1} does, but only within the promotion's budget,
 * which it tracks per {@code Billing} in a shadow variable ({@link BillingCumulative1}).
 */
@LivePatch(name = "demo-cumulative-1", replace = true,
        description = "Billing.bill: seasonal discount within a 20.00 EUR budget per Billing")
final class DemoCumulative1 {
}
