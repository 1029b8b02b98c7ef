/** The application beside other agents: its own jar, on the child JVM's class path. */
package io.jlivepatch.it.beside.app;
