/**
 * The target application run in the child JVMs: classes the patches in
 * {@code io.jlivepatch.it.patches} change, and {@link io.jlivepatch.it.app.TargetApp}, which
 * calls them on request. Only these classes go into the application jar; they never see the
 * patch API.
 */
package io.jlivepatch.it.app;
