package io.jlivepatch.examples.demo.fix1;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;
import io.jlivepatch.api.Shadow;
import io.jlivepatch.examples.demo.Invoice;
import io.jlivepatch.examples.demo.Receipt;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Fixes {@code Billing.bill}, which computed the discount rate as {@code discountPercent / 100}:
 * an integer division, so no discount at all. Written as if it were {@code Billing}: the shadows
 * stand for Billing's private members, the replacement and its helper use them.
 */
@Patch("io.jlivepatch.examples.demo.Billing")
abstract class BillingFix1 {

    /** Billing's private field. */
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
        BigDecimal discount = discountOn(net);
        return new Receipt(invoice, net, discount, vat(net.subtract(discount)));
    }

    /** A helper, carried along with the replacement: the discount, rounded to the cent. */
    private BigDecimal discountOn(BigDecimal net) {
        return net.multiply(BigDecimal.valueOf(discountPercent)).movePointLeft(2)
                .setScale(2, RoundingMode.HALF_UP);
    }
}
