package io.jlivepatch.examples.demo;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The demo service: bills the same basket every half second and prints one line per invoice,
 * for example {@code invoice #1: 4 items, net 88.79, discount 0.00, VAT 17.00, total 105.79 EUR}.
 * The discount and the VAT are wrong until the example patches are loaded (see {@link Billing}).
 *
 * <p>So that it never outlives whoever started it, it exits when its standard input reaches end
 * of file, and after ten minutes in any case. Run it in the foreground of a terminal (Ctrl-D or
 * Ctrl-C ends it), or from a program that keeps its standard input open.
 */
public final class InvoiceApp {

    private static final long PERIOD_MILLIS = 500;
    private static final long LIFETIME_NANOS = TimeUnit.MINUTES.toNanos(10);

    private InvoiceApp() {
    }

    /**
     * Runs the service until standard input closes or ten minutes have passed.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while waiting for the next invoice
     */
    public static void main(String[] args) throws InterruptedException {
        CountDownLatch stdinClosed = new CountDownLatch(1);
        Thread watcher = new Thread(() -> {
            drain(System.in);
            stdinClosed.countDown();
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();

        Billing billing = new Billing(20, 10);
        long end = System.nanoTime() + LIFETIME_NANOS;
        for (int number = 1; System.nanoTime() - end < 0; number++) {
            System.out.println(billing.bill(basket(number)).line());
            System.out.flush();
            if (stdinClosed.await(PERIOD_MILLIS, TimeUnit.MILLISECONDS)) {
                break;
            }
        }
        // Exit even if an attached agent left non-daemon threads behind.
        System.exit(0);
    }

    /**
     * The basket every invoice bills, so that only the patches change the printed amounts.
     *
     * @param number the invoice number
     * @return the invoice
     */
    public static Invoice basket(int number) {
        return new Invoice(number, List.of(
                new Invoice.Line("coffee beans", 2, new BigDecimal("12.45")),
                new Invoice.Line("filter papers", 1, new BigDecimal("3.99")),
                new Invoice.Line("milk frother", 1, new BigDecimal("59.90"))));
    }

    /** Reads until end of file; a read error counts as the end. */
    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // Input is ignored: only its end matters.
            }
        } catch (IOException e) {
            // The stream is unusable, so it has ended for our purposes.
        }
    }
}
