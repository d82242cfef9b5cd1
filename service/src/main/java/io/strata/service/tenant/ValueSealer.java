package io.strata.service.tenant;

/**
 * Encryption at rest of stored values (items, index entries, stream records), per tenant.
 * Implemented over the tenant's data keys; the associated data binds a ciphertext to its place
 * (tenant, table, primary key), so a sealed value copied under another key fails to open instead of
 * being served.
 */
public interface ValueSealer {

  byte[] seal(String tenantId, byte[] plaintext, byte[] associatedData);

  /**
   * Opens a sealed value; a tampered or misplaced one, or one whose keys are gone, is an {@code
   * UnreadableValueException}, never data.
   */
  byte[] open(String tenantId, byte[] sealed, byte[] associatedData);

  /** Whether a value is sealed with the tenant's current data key (else it may be re-sealed). */
  boolean isSealedWithCurrentKey(String tenantId, byte[] sealed);
}
