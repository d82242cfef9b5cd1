package io.strata.service.tenant;

/**
 * Encryption at rest of stored values (items, index entries, stream records), per tenant and, for
 * tables with a key of their own, per table ({@link KeyOwner}). Implemented over the tenant's data
 * keys; the associated data binds a ciphertext to its place (tenant, table, primary key), so a
 * sealed value copied under another key fails to open instead of being served.
 */
public interface ValueSealer {

  byte[] seal(KeyOwner owner, byte[] plaintext, byte[] associatedData);

  /**
   * Opens a sealed value with whichever of the tenant's keys sealed it (its header names it); a
   * tampered or misplaced one, or one whose key is gone (a deleted tenant, a destroyed table key),
   * is an {@code UnreadableValueException}, never data.
   */
  byte[] open(String tenantId, byte[] sealed, byte[] associatedData);

  /** Whether a value is sealed with its owner's current data key (else it may be re-sealed). */
  boolean isSealedWithCurrentKey(KeyOwner owner, byte[] sealed);
}
