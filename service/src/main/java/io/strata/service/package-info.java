/** The Strata server: wire protocol, operations, expressions, storage. */
@NullMarked
package io.strata.service;

import org.jspecify.annotations.NullMarked;
