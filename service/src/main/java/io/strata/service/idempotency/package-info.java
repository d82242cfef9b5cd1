/** ClientRequestToken idempotency of transactions: durable records and the in-memory projection. */
@NullMarked
package io.strata.service.idempotency;

import org.jspecify.annotations.NullMarked;
