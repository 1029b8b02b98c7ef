/**
 * The patch API: what a hand-written patch compiles against.
 *
 * <p>A patch jar holds one class annotated {@link io.jlivepatch.api.LivePatch} and one or more
 * classes annotated {@link io.jlivepatch.api.Patch}, each written as if it were its target class,
 * with {@link io.jlivepatch.api.Replace} on the methods it replaces and
 * {@link io.jlivepatch.api.Shadow} on the target members it uses.
 */
package io.jlivepatch.api;
