package io.strata.service.tenant;

/** Lifecycle of a tenant; persisted by name. */
public enum TenantStatus {
  ACTIVE,
  /** Credentials are refused; data is kept. */
  SUSPENDED
}
