/** The tests' own Byte Buddy agent, a jar of its own for {@code -javaagent}. */
package io.jlivepatch.it.beside.advice;
