package io.jlivepatch.examples.demo.fix2;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;
import io.jlivepatch.api.Shadow;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Fixes {@code Billing.vat}, which taxed {@code taxable.intValue()}: whole euros only, and an
 * integer division after that. Replacing a private method works like any other.
 */
@Patch("io.jlivepatch.examples.demo.Billing")
abstract class BillingFix2 {

    /** Billing's private field. */
    @Shadow
    private int vatPercent;

    /** Replaces {@code Billing.vat(BigDecimal)}: the VAT on the taxable amount, to the cent. */
    @Replace
    private BigDecimal vat(BigDecimal taxable) {
        return taxable.multiply(BigDecimal.valueOf(vatPercent)).movePointLeft(2)
                .setScale(2, RoundingMode.HALF_UP);
    }
}
