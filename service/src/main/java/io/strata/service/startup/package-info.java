/**
 * What must hold before the service may touch its data directory: one process per directory, a
 * store that is the one this directory had, and the master key that opens it. Every refusal is a
 * {@link io.strata.service.startup.StartupException} whose message is the one line an operator
 * reads.
 */
@NullMarked
package io.strata.service.startup;

import org.jspecify.annotations.NullMarked;
