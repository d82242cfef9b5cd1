package io.strata.service.tenant;

import io.strata.crypto.DataKey;
import io.strata.crypto.ItemCipher;
import io.strata.crypto.KeyRing;
import io.strata.service.error.DynamoException;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.Projection;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.StorageException;
import io.strata.service.storage.UnreadableValueException;
import io.strata.service.storage.WriteSet;
import io.strata.service.table.TableMetadata;
import io.strata.tenancy.AccessKeyCredential;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Tenants, their data keys and their access keys, served from memory: a projection of the tenant
 * records of committed write sets ({@link #apply}; the records are written by {@link
 * TenantChanges}).
 *
 * <p>Each tenant owns AES-256 data keys, stored only wrapped by the master key ({@link KeyRing}):
 * its own, which rotate, and the keys of those of its tables that have one ({@link TableDataKeys}),
 * in the same records and the same map, with disjoint ids. Unwrapped copies live in this process's
 * memory, inside the tenant's {@link ItemCipher}, and are unwrapped here from the records, so every
 * node holding the master key rebuilds the same ciphers from the same write sets. Access key
 * secrets are sealed with the tenant's own data key, so destroying a tenant's keys destroys every
 * secret and item of that tenant at once (crypto-shredding).
 *
 * <p>Lookups are lock-free map reads, safe on event loops.
 */
public final class TenantDirectory implements ValueSealer, Projection {
  /** An access key with its secret in the clear, for signature verification. */
  public record ActiveKey(AccessKeyRecord record, String secretAccessKey) {}

  private final KeyRing keyRing;
  private final Map<String, TenantRecord> tenants = new ConcurrentHashMap<>();
  private final Map<String, Map<Long, DataKey>> dataKeys = new ConcurrentHashMap<>();
  private final Map<String, ItemCipher> ciphers = new ConcurrentHashMap<>();
  private final Map<String, ActiveKey> accessKeys = new ConcurrentHashMap<>();

  public TenantDirectory(KeyRing keyRing) {
    this.keyRing = keyRing;
  }

  /** Loads every tenant and unwraps its keys. Blocking: call at startup, before serving. */
  public void load(LmdbStore store) {
    store.read(
        view -> {
          Set<String> loaded = new HashSet<>();
          forEachRecord(
              view, TenantRecords.DATA_KEYS, (key, value) -> loaded.add(dataKey(key, value)));
          forEachRecord(
              view, TenantRecords.TENANTS, (key, value) -> loaded.add(tenant(key, value)));
          loaded.forEach(this::refreshCipher);
          forEachRecord(view, TenantRecords.ACCESS_KEYS, this::accessKey);
          return null;
        });
  }

  /**
   * Every stored data key, still wrapped: what the master key must be able to open, checked at
   * start before anything is served. Blocking.
   */
  public static List<byte[]> wrappedDataKeys(LmdbStore store) {
    return store.read(
        view ->
            CatalogKeys.valuesUnder(view, TenantRecords.DATA_KEYS).stream()
                .map(
                    value ->
                        Base64.getDecoder()
                            .decode(TenantRecords.decode(value, DataKeyRecord.class).wrapped()))
                .toList());
  }

  /**
   * Data keys first, then tenants (whose ciphers need their keys), then access keys (whose secrets
   * need the ciphers): the order of dependence, whatever order the keys sort in.
   */
  @Override
  public void apply(LogPosition position, WriteSet writes) {
    Set<String> changed = new HashSet<>();
    for (WriteSet.Mutation mutation : writes.mutationsUnder(Db.CATALOG, TenantRecords.DATA_KEYS)) {
      changed.add(dataKey(mutation.key(), mutation.value()));
    }
    for (WriteSet.Mutation mutation : writes.mutationsUnder(Db.CATALOG, TenantRecords.TENANTS)) {
      changed.add(tenant(mutation.key(), mutation.value()));
    }
    changed.forEach(this::refreshCipher);
    for (WriteSet.Mutation mutation :
        writes.mutationsUnder(Db.CATALOG, TenantRecords.ACCESS_KEYS)) {
      accessKey(mutation.key(), mutation.value());
    }
  }

  /** Applies one data-key record (null: deleted); returns its tenant. */
  private String dataKey(byte[] key, byte @Nullable [] value) {
    String tenantId = TenantRecords.tenantOfDataKey(key);
    long keyId = Long.parseLong(TenantRecords.lastComponent(key));
    if (value == null) {
      dataKeys.computeIfPresent(
          tenantId,
          (id, keys) -> {
            keys.remove(keyId);
            return keys.isEmpty() ? null : keys;
          });
    } else {
      DataKeyRecord record = TenantRecords.decode(value, DataKeyRecord.class);
      dataKeys
          .computeIfAbsent(tenantId, id -> new ConcurrentHashMap<>())
          .put(keyId, keyRing.unwrap(Base64.getDecoder().decode(record.wrapped())));
    }
    return tenantId;
  }

  /** Applies one tenant record (null: deleted); returns the tenant's id. */
  private String tenant(byte[] key, byte @Nullable [] value) {
    String tenantId = TenantRecords.lastComponent(key);
    if (value == null) {
      tenants.remove(tenantId);
    } else {
      tenants.put(tenantId, TenantRecords.decode(value, TenantRecord.class));
    }
    return tenantId;
  }

  /** Applies one access-key record (null: deleted). */
  private void accessKey(byte[] key, byte @Nullable [] value) {
    if (value == null) {
      accessKeys.remove(TenantRecords.lastComponent(key));
      return;
    }
    AccessKeyRecord record = TenantRecords.decode(value, AccessKeyRecord.class);
    ItemCipher cipher = ciphers.get(record.tenantId());
    if (cipher != null) {
      accessKeys.put(
          record.accessKeyId(), new ActiveKey(record, TenantRecords.openSecret(cipher, record)));
    }
  }

  /**
   * Rebuilds the tenant's cipher from its record and keys; a tenant that is gone loses its cipher,
   * its unwrapped keys and its access keys, here and now.
   */
  private void refreshCipher(String tenantId) {
    TenantRecord tenant = tenants.get(tenantId);
    if (tenant == null) {
      ciphers.remove(tenantId);
      dataKeys.remove(tenantId);
      accessKeys.values().removeIf(key -> key.record().tenantId().equals(tenantId));
      return;
    }
    Map<Long, DataKey> keys = dataKeys.getOrDefault(tenantId, Map.of());
    DataKey current = keys.get(tenant.currentDataKeyId());
    if (current == null) {
      throw new StorageException("tenant " + tenantId + " has lost its current data key");
    }
    ciphers.put(tenantId, ItemCipher.create(current, keys::get));
  }

  private static void forEachRecord(
      ReadView view, byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
    CatalogKeys.forEachUnder(
        view, prefix, (key, value) -> visitor.accept(key.getBytes(StandardCharsets.UTF_8), value));
  }

  public Optional<TenantRecord> tenant(String tenantId) {
    return Optional.ofNullable(tenants.get(tenantId));
  }

  public List<TenantRecord> tenants() {
    return tenants.values().stream().sorted(Comparator.comparing(TenantRecord::createdAt)).toList();
  }

  public boolean isEmpty() {
    return tenants.isEmpty();
  }

  public Optional<ActiveKey> accessKey(String accessKeyId) {
    return Optional.ofNullable(accessKeys.get(accessKeyId));
  }

  /** For signature verification: the key's secret, tenant and whether it may be used. */
  public Optional<AccessKeyCredential> resolve(String accessKeyId) {
    return accessKey(accessKeyId)
        .map(
            key ->
                new AccessKeyCredential(
                    accessKeyId,
                    key.secretAccessKey(),
                    key.record().tenantId(),
                    key.record().active()));
  }

  public List<AccessKeyRecord> accessKeys(String tenantId) {
    return accessKeys.values().stream()
        .map(ActiveKey::record)
        .filter(record -> record.tenantId().equals(tenantId))
        .sorted(Comparator.comparing(AccessKeyRecord::createdAt))
        .toList();
  }

  @Override
  public boolean isSealedWithCurrentKey(KeyOwner owner, byte[] sealed) {
    Long tableKeyId = owner.tableKeyId();
    long current = tableKeyId != null ? tableKeyId : requireCipher(owner.tenantId()).currentKeyId();
    return ItemCipher.keyIdOf(sealed) == current;
  }

  @Override
  public byte[] seal(KeyOwner owner, byte[] plaintext, byte[] associatedData) {
    ItemCipher tenantCipher = requireCipher(owner.tenantId());
    Long tableKeyId = owner.tableKeyId();
    if (tableKeyId == null) {
      return tenantCipher.seal(plaintext, associatedData);
    }
    DataKey tableKey = dataKeys.getOrDefault(owner.tenantId(), Map.of()).get(tableKeyId);
    if (tableKey == null) {
      // A request error (the table's key was destroyed while the request was under way), never
      // a store fault: requests to such a table are refused before they get here.
      throw DynamoException.validation(
          "The table's data key " + tableKeyId + " was destroyed; nothing can be sealed with it");
    }
    // Sealing never consults older keys, so the cipher needs no resolver.
    return ItemCipher.create(tableKey, id -> null).seal(plaintext, associatedData);
  }

  /**
   * Opens with the tenant's cipher, whose resolver finds every key of the tenant by id: its own
   * keys and its tables' keys ({@link TableDataKeys}) live in one map with disjoint ids.
   */
  @Override
  public byte[] open(String tenantId, byte[] sealed, byte[] associatedData) {
    ItemCipher cipher = ciphers.get(tenantId);
    if (cipher == null) {
      throw new UnreadableValueException("no keys for tenant " + tenantId);
    }
    try {
      return cipher.open(sealed, associatedData);
    } catch (RuntimeException e) {
      throw new UnreadableValueException(
          "sealed value of tenant " + tenantId + " failed to open", e);
    }
  }

  /**
   * Whether the key that seals {@code table}'s values is still held: false once the table's own key
   * was destroyed, for the table and for the copies (backups, bases) that carry its definition.
   */
  public boolean holdsKeyOf(TableMetadata table) {
    Long tableKeyId = KeyOwner.of(table).tableKeyId();
    return tableKeyId == null
        || dataKeys.getOrDefault(table.tenantId(), Map.of()).containsKey(tableKeyId);
  }

  /** The tenant's cipher; a tenant that is gone is a request error, never a store fault. */
  ItemCipher requireCipher(String tenantId) {
    ItemCipher cipher = ciphers.get(tenantId);
    if (cipher == null) {
      throw DynamoException.resourceNotFound("Tenant not found: " + tenantId);
    }
    return cipher;
  }
}
