/**
 * Who is calling and what they may use: request authentication (AWS Signature Version 4 and bearer
 * JWTs) and capacity enforcement. Plain Java; returns typed outcomes that the service maps to
 * DynamoDB's wire errors in one place.
 */
@NullMarked
package io.strata.tenancy;

import org.jspecify.annotations.NullMarked;
