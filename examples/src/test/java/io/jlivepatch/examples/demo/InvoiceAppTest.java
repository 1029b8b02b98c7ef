package io.jlivepatch.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The demo service as {@code jlp demo} and the tests rely on it: its exact unpatched line, and
 * that it exits when its standard input closes.
 */
class InvoiceAppTest {

    @Test
    void unpatchedBillingTakesNoDiscountAndDropsTheVatCents() {
        Receipt receipt = new Billing(20, 10).bill(InvoiceApp.basket(12));

        assertEquals("invoice #12: 4 items, net 88.79, discount 0.00, VAT 17.00,"
                + " total 105.79 EUR", receipt.line());
    }

    @Test
    void serviceExitsWhenStandardInputCloses() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path classes = Path.of(InvoiceApp.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        Process app = new ProcessBuilder(java.toString(), "-cp", classes.toString(),
                InvoiceApp.class.getName()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("invoice #1: 4 items, net 88.79, discount 0.00, VAT 17.00,"
                    + " total 105.79 EUR", out.readLine());

            app.getOutputStream().close();

            assertTrue(app.waitFor(10, TimeUnit.SECONDS), "still running 10 s after stdin closed");
            assertEquals(0, app.exitValue());
        } finally {
            app.destroyForcibly();
        }
    }
}
