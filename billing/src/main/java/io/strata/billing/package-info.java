/**
 * Metering and billing: DynamoDB's capacity arithmetic ({@link io.strata.billing.CapacityUnits}),
 * the hourly usage ledger ({@link io.strata.billing.UsageLedger}) and the Prometheus export ({@link
 * io.strata.billing.UsageMetrics}).
 *
 * <p>Plain Java: nothing here knows Vert.x, LMDB or the DynamoDB wire format. Persistence goes
 * through the tiny {@link io.strata.billing.UsageStore} interface that {@code service/storage}
 * implements.
 */
@NullMarked
package io.strata.billing;

import org.jspecify.annotations.NullMarked;
