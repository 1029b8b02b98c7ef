/**
 * The test harness: builds the application, plugin and patch jars from the test classes
 * ({@link io.jlivepatch.it.harness.Jars}), runs a target application in a child JVM
 * ({@link io.jlivepatch.it.harness.TargetJvm}), runs the {@code jlp} CLI
 * ({@link io.jlivepatch.it.harness.Jlp}) and records a scenario the way the kernel self-tests
 * record dmesg ({@link io.jlivepatch.it.harness.Transcript}).
 */
package io.jlivepatch.it.harness;
