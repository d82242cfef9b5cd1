package io.strata.tenancy;

/**
 * Why a request was not authenticated. The service maps each reason to one DynamoDB error type, in
 * the {@code com.amazon.coral.service#} namespace.
 */
public enum RejectionReason {
  /** {@code MissingAuthenticationTokenException}: no usable Authorization header. */
  MISSING_AUTHENTICATION_TOKEN,
  /** {@code IncompleteSignatureException}: the SigV4 header or date is malformed or incomplete. */
  INCOMPLETE_SIGNATURE,
  /** {@code InvalidSignatureException}: wrong signature, scope or clock skew. */
  INVALID_SIGNATURE,
  /** {@code UnrecognizedClientException}: unknown or inactive key, or an unacceptable token. */
  UNRECOGNIZED_CLIENT,
  /** {@code AccessDeniedException}: authenticated, but not allowed. */
  ACCESS_DENIED
}
