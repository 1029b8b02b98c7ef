package io.jlivepatch.examples.demo;

import java.math.BigDecimal;
import java.util.List;

/**
 * An invoice of the demo service: a number and the lines bought.
 *
 * @param number the invoice number, counting from 1
 * @param lines what was bought
 */
public record Invoice(int number, List<Line> lines) {

    /** Makes the list of lines unmodifiable. */
    public Invoice {
        lines = List.copyOf(lines);
    }

    /**
     * One line of an invoice.
     *
     * @param product what was bought
     * @param quantity how many
     * @param unitPrice the price of one, in euros, before discount and VAT
     */
    public record Line(String product, int quantity, BigDecimal unitPrice) {

        /** @return quantity times unit price */
        public BigDecimal amount() {
            return unitPrice.multiply(BigDecimal.valueOf(quantity));
        }
    }

    /** @return the number of items: the sum of the quantities */
    public int items() {
        return lines.stream().mapToInt(Line::quantity).sum();
    }

    /** @return the sum of the line amounts, before discount and VAT */
    public BigDecimal net() {
        return lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
