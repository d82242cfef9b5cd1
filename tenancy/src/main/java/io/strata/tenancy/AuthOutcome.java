package io.strata.tenancy;

import static java.util.Objects.requireNonNull;

/**
 * The result of authenticating one request. Switch over it without a {@code default} so that a new
 * case is a compile error at the one place that maps outcomes to wire errors.
 */
public sealed interface AuthOutcome {

  /** The request is authentic and belongs to {@code principal}. */
  record Authenticated(Principal principal) implements AuthOutcome {
    public Authenticated {
      requireNonNull(principal, "principal");
    }
  }

  /**
   * The request was refused.
   *
   * @param reason selects the wire error type
   * @param message sent to the client verbatim as the error message; it never contains secrets
   */
  record Rejected(RejectionReason reason, String message) implements AuthOutcome {
    public Rejected {
      requireNonNull(reason, "reason");
      requireNonNull(message, "message");
    }
  }
}
