/** Implementations behind the {@code io.strata.tenancy} API. Not for use outside this module. */
@NullMarked
package io.strata.tenancy.internal;

import org.jspecify.annotations.NullMarked;
