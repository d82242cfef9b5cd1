package io.strata.tenancy;

/** Why a request was not authenticated; each maps to one DynamoDB error type. */
public enum RejectionReason {
  MISSING_AUTHENTICATION_TOKEN,
  INCOMPLETE_SIGNATURE,
  INVALID_SIGNATURE,
  UNRECOGNIZED_CLIENT,
  ACCESS_DENIED
}
