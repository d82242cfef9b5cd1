/**
 * Request authentication for the DynamoDB-compatible API: AWS Signature Version 4 and JWT bearer
 * tokens, resolved to a tenant. Plain Java: no Vert.x HTTP types and no DynamoDB JSON. The service
 * adapts its HTTP request to a {@link io.strata.tenancy.SignedRequest}, calls {@link
 * io.strata.tenancy.Authenticator#authenticate}, and maps the typed {@link
 * io.strata.tenancy.AuthOutcome} to a wire error in one place.
 */
@NullMarked
package io.strata.tenancy;

import org.jspecify.annotations.NullMarked;
