package io.strata.service.http;

import io.strata.service.api.Caller;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.tenant.TenantDirectory;
import io.strata.service.tenant.TenantRecord;
import io.strata.tenancy.AuthOutcome;
import io.strata.tenancy.Authenticator;
import io.strata.tenancy.Principal;
import io.strata.tenancy.SignedRequest;

/**
 * Adapts the tenancy module's authentication to the HTTP layer: builds the signed view of the
 * request, maps each rejection to its DynamoDB error type (the one place this mapping lives), and
 * refuses callers whose tenant is suspended.
 */
public final class CallerAuthenticator implements RequestAuthenticator {
  private final Authenticator authenticator;
  private final TenantDirectory tenants;
  private final String defaultRegion;

  public CallerAuthenticator(
      Authenticator authenticator, TenantDirectory tenants, String defaultRegion) {
    this.authenticator = authenticator;
    this.tenants = tenants;
    this.defaultRegion = defaultRegion;
  }

  @Override
  public Caller authenticate(RequestHead head, byte[] body) {
    AuthOutcome outcome =
        authenticator.authenticate(
            SignedRequest.of(head.method(), head.rawPath(), head.rawQuery(), head.headers(), body));
    if (outcome instanceof AuthOutcome.Rejected rejected) {
      throw new DynamoException(errorCode(rejected), rejected.message());
    }
    Principal principal = ((AuthOutcome.Authenticated) outcome).principal();
    TenantRecord tenant =
        tenants
            .tenant(principal.tenantId())
            .orElseThrow(
                () ->
                    new DynamoException(
                        ErrorCode.UNRECOGNIZED_CLIENT,
                        "The security token included in the request is invalid."));
    if (!tenant.isActive()) {
      throw new DynamoException(
          ErrorCode.ACCESS_DENIED, "The account " + tenant.id() + " is suspended");
    }
    String region = principal.region().isEmpty() ? defaultRegion : principal.region();
    return new Caller(principal.tenantId(), principal.credentialId(), region);
  }

  private static ErrorCode errorCode(AuthOutcome.Rejected rejected) {
    return switch (rejected.reason()) {
      case MISSING_AUTHENTICATION_TOKEN -> ErrorCode.MISSING_AUTHENTICATION_TOKEN;
      case INCOMPLETE_SIGNATURE -> ErrorCode.INCOMPLETE_SIGNATURE;
      case INVALID_SIGNATURE -> ErrorCode.INVALID_SIGNATURE;
      case UNRECOGNIZED_CLIENT -> ErrorCode.UNRECOGNIZED_CLIENT;
      case ACCESS_DENIED -> ErrorCode.ACCESS_DENIED;
    };
  }
}
