/**
 * Patch sources: each sub-package is one patch jar, built at test time by
 * {@code io.jlivepatch.it.harness.Jars#patch} from its compiled classes and never loaded by the
 * tests themselves. Valid patches first (k1, k2, stacked, access, calc, plugin, pluginany; gate and
 * gatevictim for stalled transitions; cumulative1 and cumulative2, atomic replace; statev2,
 * statev1replace and shadow, system states and shadow variables), then the ones the engine must
 * refuse (refuse*).
 */
package io.jlivepatch.it.patches;
