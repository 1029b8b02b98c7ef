package io.jlivepatch.examples.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What {@link Billing#bill} computes for an invoice.
 *
 * @param invoice the invoice billed
 * @param net the invoice's net amount
 * @param discount the discount taken off the net amount
 * @param vat the VAT on the discounted amount
 */
public record Receipt(Invoice invoice, BigDecimal net, BigDecimal discount, BigDecimal vat) {

    /** @return net minus discount plus VAT */
    public BigDecimal total() {
        return net.subtract(discount).add(vat);
    }

    /**
     * The line the demo service prints, for example
     * {@code invoice #12: 4 items, net 88.79, discount 8.88, VAT 15.98, total 95.89 EUR}.
     *
     * @return the receipt on one line
     */
    public String line() {
        return "invoice #" + invoice.number() + ": " + invoice.items() + " items, net "
                + euros(net) + ", discount " + euros(discount) + ", VAT " + euros(vat)
                + ", total " + euros(total()) + " EUR";
    }

    private static String euros(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
