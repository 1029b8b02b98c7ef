package io.jlivepatch.bench.http;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;
import io.jlivepatch.api.Shadow;

/** Fix version 2 of {@link PriceService#price}; replace patches alternate between 1 and 2. */
@Patch("io.jlivepatch.bench.http.PriceService")
abstract class PriceFix2 {

    @Shadow private int rounds;

    @Replace
    public String price(String item) {
        long h = item.hashCode() + 2;
        for (int i = 0; i < rounds; i++) {
            h = h * 6364136223846793005L + 1442695040888963407L;
        }
        return "v2 " + (h & 0xffff);
    }
}
