package io.jlivepatch.examples.demo.cumulative1;

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
 * Fixes the discount of {@code Billing.bill} and stops it when the promotion's budget of 20.00
 * EUR per {@code Billing} is spent. How much a Billing has given away is new per-object state:
 * a patch cannot add a field, so it lives in a shadow variable attached to the Billing. The next
 * cumulative patch uses the same id, so the amount survives the replacement.
 */
@Patch("io.jlivepatch.examples.demo.Billing")
abstract class BillingCumulative1 {

    /** The shadow variable: the discount this Billing has given so far. Never change it. */
    static final long DISCOUNT_GIVEN = 0xD15C_0001L;

    @Shadow
    private int discountPercent;

    /** Billing's private method; never run, but a private method cannot be abstract. */
    @Shadow
    private BigDecimal vat(BigDecimal taxable) {
        throw new AssertionError("shadow of Billing.vat");
    }

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
