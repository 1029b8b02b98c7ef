package io.jlivepatch.examples.demo.fix2;

import io.jlivepatch.api.LivePatch;

/**
 * The patch {@code demo-fix2}: its one {@link BillingFix2} object fixes the VAT. It stacks on
 * {@code demo-fix1} (it replaces nothing that fix1 replaces) and works without it too.
 */
@LivePatch(name = "demo-fix2", description = "Billing.vat: compute VAT to the cent")
final class DemoFix2 {
}
