/**
 * How {@code jlp build} reads what users deploy: plain jars, class directories, directories of
 * jars, Spring Boot fat jars and WARs with their nested libraries, and how the libraries of two
 * builds are paired across a version change.
 */
package io.jlivepatch.build.archive;
