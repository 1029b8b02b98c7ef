/** Classes of the plugin jar, loaded by the target application's own class loaders. */
package io.jlivepatch.it.plugin;
