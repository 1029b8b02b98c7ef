/**
 * The Maven plugin: {@code jlivepatch:build} makes a live patch from the previous release to the
 * artifact just built and attaches it with the classifier {@code livepatch};
 * {@code jlivepatch:verify} checks a patch against an artifact.
 */
package io.jlivepatch.maven;
