package io.strata.service.tenant;

import io.strata.crypto.DataKey;
import io.strata.crypto.ItemCipher;
import io.strata.crypto.KeyRing;
import io.strata.service.error.DynamoException;
import io.strata.service.item.ItemSealer;
import io.strata.service.json.Json;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.StorageException;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.WriteView;
import io.strata.service.storage.Writer;
import io.strata.tenancy.AccessKeyCredential;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Tenants, their data keys and their access keys: durable in the catalog, served from memory.
 *
 * <p>Each tenant owns AES-256 data keys, stored only wrapped by the master key ({@link KeyRing});
 * unwrapped copies live in this process's memory, inside the tenant's {@link ItemCipher}. Access
 * key secrets are sealed with the tenant's own data key, so destroying a tenant's keys destroys
 * every secret and item of that tenant at once (crypto-shredding).
 *
 * <p>Lookups are lock-free map reads, safe on event loops. Changes are writer ops that publish to
 * memory in {@code afterCommit}, before the caller is answered.
 */
public final class TenantDirectory implements ItemSealer {
  private static final String TENANT = "tenant";
  private static final String DATA_KEY = "datakey";
  private static final String ACCESS_KEY = "accesskey";

  /** An access key with its secret in the clear, for signature verification. */
  public record ActiveKey(AccessKeyRecord record, String secretAccessKey) {}

  private final Writer writer;
  private final KeyRing keyRing;
  private final Clock clock;
  private final Map<String, TenantRecord> tenants = new ConcurrentHashMap<>();
  private final Map<String, ItemCipher> ciphers = new ConcurrentHashMap<>();
  private final Map<String, ActiveKey> accessKeys = new ConcurrentHashMap<>();

  public TenantDirectory(Writer writer, KeyRing keyRing, Clock clock) {
    this.writer = writer;
    this.keyRing = keyRing;
    this.clock = clock;
  }

  /** Loads every tenant and unwraps its keys. Blocking: call at startup, before serving. */
  public void load(LmdbStore store) {
    store.read(
        view -> {
          Map<String, List<DataKey>> dataKeys = new HashMap<>();
          for (byte[] value : CatalogKeys.valuesUnder(view, CatalogKeys.prefix(DATA_KEY))) {
            DataKeyRecord record = Json.fromRecordBytes(value, DataKeyRecord.class);
            dataKeys
                .computeIfAbsent(record.tenantId(), id -> new ArrayList<>())
                .add(keyRing.unwrap(Base64.getDecoder().decode(record.wrapped())));
          }
          for (byte[] value : CatalogKeys.valuesUnder(view, CatalogKeys.prefix(TENANT))) {
            TenantRecord tenant = Json.fromRecordBytes(value, TenantRecord.class);
            tenants.put(tenant.id(), tenant);
            ciphers.put(
                tenant.id(), cipherOf(tenant, dataKeys.getOrDefault(tenant.id(), List.of())));
          }
          for (byte[] value : CatalogKeys.valuesUnder(view, CatalogKeys.prefix(ACCESS_KEY))) {
            AccessKeyRecord record = Json.fromRecordBytes(value, AccessKeyRecord.class);
            ItemCipher cipher = ciphers.get(record.tenantId());
            if (cipher != null) {
              accessKeys.put(
                  record.accessKeyId(), new ActiveKey(record, openSecret(cipher, record)));
            }
          }
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
            CatalogKeys.valuesUnder(view, CatalogKeys.prefix(DATA_KEY)).stream()
                .map(
                    value ->
                        Base64.getDecoder()
                            .decode(Json.fromRecordBytes(value, DataKeyRecord.class).wrapped()))
                .toList());
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

  /** Creates a tenant with a fresh data key and a first access key, returned once. */
  public Future<Credentials> createTenant(String name, TenantQuotas quotas) {
    DataKey dataKey = DataKey.generate(1);
    ItemCipher cipher = ItemCipher.create(dataKey, id -> id == dataKey.id() ? dataKey : null);
    String accessKeyId = Secrets.accessKeyId();
    String secret = Secrets.secretAccessKey();
    return writer.submit(
        new WriteOp<Credentials>() {
          private TenantRecord tenant;
          private AccessKeyRecord key;

          @Override
          public Credentials apply(WriteView view) {
            String tenantId = Secrets.tenantId();
            while (view.get(Db.CATALOG, CatalogKeys.key(TENANT, tenantId)) != null) {
              tenantId = Secrets.tenantId();
            }
            tenant =
                new TenantRecord(
                    tenantId, name, TenantStatus.ACTIVE, clock.instant(), dataKey.id(), quotas);
            put(view, CatalogKeys.key(TENANT, tenantId), tenant);
            putDataKey(view, tenantId, dataKey);
            key = newAccessKey(view, tenantId, cipher, accessKeyId, secret);
            return new Credentials(tenantId, accessKeyId, secret);
          }

          @Override
          public void afterCommit(Credentials result) {
            tenants.put(tenant.id(), tenant);
            ciphers.put(tenant.id(), cipher);
            accessKeys.put(accessKeyId, new ActiveKey(key, secret));
          }
        });
  }

  /** Adds an access key to a tenant; the secret is returned once. */
  public Future<Credentials> createAccessKey(String tenantId) {
    ItemCipher cipher = requireCipher(tenantId);
    String accessKeyId = Secrets.accessKeyId();
    String secret = Secrets.secretAccessKey();
    return writer.submit(
        new WriteOp<Credentials>() {
          private AccessKeyRecord key;

          @Override
          public Credentials apply(WriteView view) {
            requireStoredTenant(view, tenantId);
            key = newAccessKey(view, tenantId, cipher, accessKeyId, secret);
            return new Credentials(tenantId, accessKeyId, secret);
          }

          @Override
          public void afterCommit(Credentials result) {
            accessKeys.put(accessKeyId, new ActiveKey(key, secret));
          }
        });
  }

  /** Enables or disables an access key of the tenant. */
  public Future<AccessKeyRecord> setAccessKeyActive(
      String tenantId, String accessKeyId, boolean active) {
    ActiveKey existing = accessKeys.get(accessKeyId);
    if (existing == null || !existing.record().tenantId().equals(tenantId)) {
      return Future.failedFuture(
          DynamoException.resourceNotFound("Access key not found: " + accessKeyId));
    }
    AccessKeyRecord updated = existing.record().withActive(active);
    return writer.submit(
        new WriteOp<AccessKeyRecord>() {
          @Override
          public AccessKeyRecord apply(WriteView view) {
            put(view, CatalogKeys.key(ACCESS_KEY, accessKeyId), updated);
            return updated;
          }

          @Override
          public void afterCommit(AccessKeyRecord result) {
            accessKeys.put(accessKeyId, new ActiveKey(result, existing.secretAccessKey()));
          }
        });
  }

  /** Changes a tenant's record (status, quotas). */
  public Future<TenantRecord> updateTenant(String tenantId, UnaryOperator<TenantRecord> change) {
    return writer.submit(
        new WriteOp<TenantRecord>() {
          @Override
          public TenantRecord apply(WriteView view) {
            TenantRecord updated = change.apply(requireStoredTenant(view, tenantId));
            put(view, CatalogKeys.key(TENANT, tenantId), updated);
            return updated;
          }

          @Override
          public void afterCommit(TenantRecord result) {
            tenants.put(result.id(), result);
          }
        });
  }

  /**
   * Removes a tenant's records inside the caller's transaction: the tenant, its access keys and its
   * wrapped data keys. Without the data keys, every sealed item and secret of the tenant is
   * unreadable, even in old backups of the data file (crypto-shredding). Publish with {@link
   * #forget} after commit.
   */
  public void deleteRecords(WriteView view, String tenantId) {
    requireStoredTenant(view, tenantId);
    view.delete(Db.CATALOG, CatalogKeys.key(TENANT, tenantId));
    List<byte[]> keys = new ArrayList<>();
    CatalogKeys.forEachUnder(
        view,
        CatalogKeys.prefix(DATA_KEY, tenantId),
        (key, value) -> keys.add(key.getBytes(StandardCharsets.UTF_8)));
    CatalogKeys.forEachUnder(
        view,
        CatalogKeys.prefix(ACCESS_KEY),
        (key, value) -> {
          if (Json.fromRecordBytes(value, AccessKeyRecord.class).tenantId().equals(tenantId)) {
            keys.add(key.getBytes(StandardCharsets.UTF_8));
          }
        });
    keys.forEach(key -> view.delete(Db.CATALOG, key));
  }

  /**
   * Wraps every data key that a retired master key wrapped with the current one, in one commit:
   * after a master-key rotation, once this ran, the retired key can be dropped. Items are not
   * touched; only the small wrapped keys change.
   *
   * @return how many data keys were re-wrapped
   */
  public Future<Integer> rewrapDataKeys() {
    return writer.submit(
        view -> {
          List<DataKeyRecord> stale = new ArrayList<>();
          for (byte[] value : CatalogKeys.valuesUnder(view, CatalogKeys.prefix(DATA_KEY))) {
            DataKeyRecord record = Json.fromRecordBytes(value, DataKeyRecord.class);
            if (!keyRing.isWrappedWithCurrent(Base64.getDecoder().decode(record.wrapped()))) {
              stale.add(record);
            }
          }
          for (DataKeyRecord record : stale) {
            byte[] rewrapped = keyRing.rewrap(Base64.getDecoder().decode(record.wrapped()));
            put(
                view,
                dataKeyRecordKey(record.tenantId(), record.keyId()),
                new DataKeyRecord(
                    record.tenantId(),
                    record.keyId(),
                    Base64.getEncoder().encodeToString(rewrapped),
                    record.createdAt()));
          }
          return stale.size();
        });
  }

  /**
   * Gives the tenant a new data key: new values are sealed with it from the moment this commits,
   * while values sealed with older keys stay readable (older keys are kept, wrapped, until the
   * tenant is deleted). Re-sealing existing items is {@code ItemStore.resealTable}'s job.
   *
   * @return the new key's id
   */
  public Future<Long> rotateDataKey(String tenantId) {
    return writer
        .submit(
            new WriteOp<DataKey>() {
              private TenantRecord rotated;

              @Override
              public DataKey apply(WriteView view) {
                TenantRecord tenant = requireStoredTenant(view, tenantId);
                DataKey dataKey = DataKey.generate(tenant.currentDataKeyId() + 1);
                putDataKey(view, tenantId, dataKey);
                rotated = tenant.withCurrentDataKey(dataKey.id());
                put(view, CatalogKeys.key(TENANT, tenantId), rotated);
                return dataKey;
              }

              @Override
              public void afterCommit(DataKey dataKey) {
                ciphers.put(tenantId, requireCipher(tenantId).rotatedTo(dataKey));
                tenants.put(tenantId, rotated);
              }
            })
        .map(DataKey::id);
  }

  @Override
  public boolean isSealedWithCurrentKey(String tenantId, byte[] sealed) {
    return ItemCipher.keyIdOf(sealed) == requireCipher(tenantId).currentKeyId();
  }

  /** Drops a deleted tenant from memory, its unwrapped keys included. */
  public void forget(String tenantId) {
    tenants.remove(tenantId);
    ciphers.remove(tenantId);
    accessKeys.values().removeIf(key -> key.record().tenantId().equals(tenantId));
  }

  @Override
  public byte[] seal(String tenantId, byte[] plaintext, byte[] associatedData) {
    return requireCipher(tenantId).seal(plaintext, associatedData);
  }

  @Override
  public byte[] open(String tenantId, byte[] sealed, byte[] associatedData) {
    ItemCipher cipher = ciphers.get(tenantId);
    if (cipher == null) {
      throw new StorageException("no keys for tenant " + tenantId);
    }
    try {
      return cipher.open(sealed, associatedData);
    } catch (RuntimeException e) {
      throw new StorageException("sealed value of tenant " + tenantId + " failed to open", e);
    }
  }

  private ItemCipher requireCipher(String tenantId) {
    ItemCipher cipher = ciphers.get(tenantId);
    if (cipher == null) {
      throw DynamoException.resourceNotFound("Tenant not found: " + tenantId);
    }
    return cipher;
  }

  private static TenantRecord requireStoredTenant(WriteView view, String tenantId) {
    byte[] stored = view.get(Db.CATALOG, CatalogKeys.key(TENANT, tenantId));
    if (stored == null) {
      throw DynamoException.resourceNotFound("Tenant not found: " + tenantId);
    }
    return Json.fromRecordBytes(stored, TenantRecord.class);
  }

  private AccessKeyRecord newAccessKey(
      WriteView view, String tenantId, ItemCipher cipher, String accessKeyId, String secret) {
    byte[] sealed =
        cipher.seal(secret.getBytes(StandardCharsets.UTF_8), secretAssociatedData(accessKeyId));
    AccessKeyRecord record =
        new AccessKeyRecord(
            accessKeyId,
            tenantId,
            Base64.getEncoder().encodeToString(sealed),
            true,
            clock.instant());
    put(view, CatalogKeys.key(ACCESS_KEY, accessKeyId), record);
    return record;
  }

  private static String openSecret(ItemCipher cipher, AccessKeyRecord record) {
    byte[] secret =
        cipher.open(
            Base64.getDecoder().decode(record.sealedSecret()),
            secretAssociatedData(record.accessKeyId()));
    return new String(secret, StandardCharsets.UTF_8);
  }

  private static byte[] secretAssociatedData(String accessKeyId) {
    return ("accesskey|" + accessKeyId).getBytes(StandardCharsets.UTF_8);
  }

  private static ItemCipher cipherOf(TenantRecord tenant, List<DataKey> keys) {
    Map<Long, DataKey> byId = new HashMap<>();
    keys.forEach(key -> byId.put(key.id(), key));
    DataKey current = byId.get(tenant.currentDataKeyId());
    if (current == null) {
      throw new StorageException("tenant " + tenant.id() + " has lost its current data key");
    }
    return ItemCipher.create(current, byId::get);
  }

  /** Stores a data key, wrapped by the current master key. */
  private void putDataKey(WriteView view, String tenantId, DataKey dataKey) {
    put(
        view,
        dataKeyRecordKey(tenantId, dataKey.id()),
        new DataKeyRecord(
            tenantId,
            dataKey.id(),
            Base64.getEncoder().encodeToString(keyRing.wrap(dataKey)),
            clock.instant()));
  }

  private static byte[] dataKeyRecordKey(String tenantId, long keyId) {
    return CatalogKeys.key(DATA_KEY, tenantId, String.format("%020d", keyId));
  }

  private static void put(WriteView view, byte[] key, Object record) {
    view.put(Db.CATALOG, key, Json.toRecordBytes(record));
  }
}
