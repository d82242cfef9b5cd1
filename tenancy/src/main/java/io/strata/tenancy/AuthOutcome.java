package io.strata.tenancy;

/** The result of authenticating a request. */
public sealed interface AuthOutcome {

  record Authenticated(Principal principal) implements AuthOutcome {}

  /**
   * @param message what the client is told, in DynamoDB's words; never contains secrets
   */
  record Rejected(RejectionReason reason, String message) implements AuthOutcome {}
}
