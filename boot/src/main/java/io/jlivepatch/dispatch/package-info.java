/**
 * Run-time support of redirect prologues: bootstrap methods, the registry of woven methods and
 * the hook of the consistency model. Internal to the engine; lives on the bootstrap class path.
 */
package io.jlivepatch.dispatch;
