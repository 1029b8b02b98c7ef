package io.jlivepatch.examples.demo.cumulative2;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;
import io.jlivepatch.api.Shadow;
import io.jlivepatch.api.ShadowVariables;
import io.jlivepatch.examples.demo.Invoice;
import io.jlivepatch.examples.demo.Receipt;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The budgeted discount of {@code demo-cumulative-1}, unchanged and under the same shadow
 * variable id, plus the fixed {@code Billing.vat}. A cumulative patch carries every fix: what it
 * left out would run the original code again once it replaced the previous patch.
 */
@Patch("io.jlivepatch.examples.demo.Billing")
abstract class BillingCumulative2 {

    /** The same id as demo-cumulative-1's: the amount given so far survives the replacement. */
    static final long DISCOUNT_GIVEN = 0xD15C_0001L;

    @Shadow
    private int discountPercent;

    @Shadow
    private int vatPercent;

    /**
     * Replaces {@code Billing.bill(Invoice)}.
     *
     * @param invoice the invoice
     * @return its net amount, discount, VAT and total
     */
    @Replace
    public Receipt bill(Invoice invoice) {
        BigDecimal net = invoice.net();
        BigDecimal discount = discountWithinBudget(net);
        return new Receipt(invoice, net, discount, vat(net.subtract(discount)));
    }

    /** Replaces {@code Billing.vat(BigDecimal)}: the VAT on the taxable amount, to the cent. */
    @Replace
    private BigDecimal vat(BigDecimal taxable) {
        return taxable.multiply(BigDecimal.valueOf(vatPercent)).movePointLeft(2)
                .setScale(2, RoundingMode.HALF_UP);
    }

    /** The discount to the cent, no more than what is left of this Billing's budget. */
    private BigDecimal discountWithinBudget(BigDecimal net) {
        AtomicReference<BigDecimal> given = ShadowVariables.getOrAlloc(this, DISCOUNT_GIVEN,
                billing -> new AtomicReference<>(BigDecimal.ZERO));
        BigDecimal wanted = net.multiply(BigDecimal.valueOf(discountPercent)).movePointLeft(2)
                .setScale(2, RoundingMode.HALF_UP);
        synchronized (given) {
            BigDecimal discount = wanted.min(new BigDecimal("20.00").subtract(given.get()));
            given.set(given.get().add(discount));
            return discount;
        }
    }
}
