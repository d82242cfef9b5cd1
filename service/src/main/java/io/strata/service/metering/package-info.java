/**
 * Capacity on the request path: estimates admitted by the capacity gate, actual charges settled,
 * consumption reported to the client, the metrics and the durable usage ledger.
 */
@NullMarked
package io.strata.service.metering;

import org.jspecify.annotations.NullMarked;
