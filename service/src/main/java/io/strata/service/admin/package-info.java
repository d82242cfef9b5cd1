/** The operator's HTTPS API: tenants, access keys, quotas; served on its own port and token. */
@NullMarked
package io.strata.service.admin;

import org.jspecify.annotations.NullMarked;
