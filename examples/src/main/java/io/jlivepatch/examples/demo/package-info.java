/**
 * The demo service of {@code jlp demo}: {@link io.jlivepatch.examples.demo.InvoiceApp} bills
 * invoices with a {@link io.jlivepatch.examples.demo.Billing} that has two bugs.
 *
 * <p>The build packs this package alone into the runnable jar with classifier {@code demo-app},
 * and each subpackage into a patch jar: {@code fix1} (classifier {@code demo-fix1}) fixes the
 * discount, {@code fix2} ({@code demo-fix2}) the VAT. {@code dist} nests the three jars in
 * jlp.jar under {@code META-INF/jlivepatch/demo/}. The shadow-variable example adds two
 * cumulative patches, {@code cumulative1} ({@code demo-cumulative1}) and {@code cumulative2}
 * ({@code demo-cumulative2}), which only the integration tests load.
 */
package io.jlivepatch.examples.demo;
