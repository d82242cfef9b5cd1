/** Time to live: the expiry index and the sweeper that deletes expired items. */
@NullMarked
package io.strata.service.ttl;

import org.jspecify.annotations.NullMarked;
