package io.jlivepatch.examples.demo;

import java.math.BigDecimal;

/**
 * Bills invoices: takes the seasonal discount off the net amount, then adds VAT.
 *
 * <p>It has two bugs, both integer divisions, which the example patches fix in the running
 * service: {@link #bill} computes the discount rate as {@code discountPercent / 100}, which is 0
 * (patch {@code demo-fix1}), and {@code vat} taxes whole euros only, dropping the cents (patch
 * {@code demo-fix2}).
 *
 * <p>The seasonal discount is also a promotion with a budget of 20.00 EUR per Billing, which
 * {@link #bill} would have to track in a field this class lacks. The cumulative patches
 * {@code demo-cumulative-1} and {@code demo-cumulative-2} fix the discount within that budget,
 * keeping the amount spent in a shadow variable (README, "Shadow variables").
 */
public final class Billing {

    private final int vatPercent;
    private final int discountPercent;

    /**
     * @param vatPercent the VAT rate in percent
     * @param discountPercent the seasonal discount in percent
     */
    public Billing(int vatPercent, int discountPercent) {
        this.vatPercent = vatPercent;
        this.discountPercent = discountPercent;
    }

    /**
     * Bills an invoice.
     *
     * @param invoice the invoice
     * @return its net amount, discount, VAT and total
     */
    public Receipt bill(Invoice invoice) {
        BigDecimal net = invoice.net();
        BigDecimal discount = net.multiply(BigDecimal.valueOf(discountPercent / 100));
        return new Receipt(invoice, net, discount, vat(net.subtract(discount)));
    }

    private BigDecimal vat(BigDecimal taxable) {
        return BigDecimal.valueOf(taxable.intValue() * vatPercent / 100);
    }
}
