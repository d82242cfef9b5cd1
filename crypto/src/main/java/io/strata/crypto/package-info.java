/**
 * Encryption at rest and TLS material. Plain Java and BouncyCastle; hands out JDK types.
 *
 * <p>Envelope encryption: a {@link io.strata.crypto.MasterKey} (key-encryption key) wraps each
 * tenant's {@link io.strata.crypto.DataKey}s; an {@link io.strata.crypto.ItemCipher} seals and
 * opens values with a tenant's data keys. Rotating the master key re-wraps data keys only; rotating
 * a data key changes what new values are sealed with while old ones stay readable.
 */
@NullMarked
package io.strata.crypto;

import org.jspecify.annotations.NullMarked;
