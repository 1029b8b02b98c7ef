package io.jlivepatch.bench.http;

/** The patched code of the HTTP scenario: a price computed from a query, with a bug. */
public class PriceService {

    private int rounds = 200;

    /** @return the price of {@code item}; the bug: version 0 */
    public String price(String item) {
        long h = item.hashCode();
        for (int i = 0; i < rounds; i++) {
            h = h * 6364136223846793005L + 1442695040888963407L;
        }
        return "v0 " + (h & 0xffff);
    }
}
