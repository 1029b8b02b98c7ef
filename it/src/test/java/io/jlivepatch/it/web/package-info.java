/** A servlet container in a child JVM, for the tests of web applications deployed in it. */
package io.jlivepatch.it.web;
