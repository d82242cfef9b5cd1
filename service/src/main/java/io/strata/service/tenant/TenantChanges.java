package io.strata.service.tenant;

import io.strata.crypto.DataKey;
import io.strata.crypto.ItemCipher;
import io.strata.crypto.KeyRing;
import io.strata.service.error.DynamoException;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.WriteView;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableMetadata;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The write ops of tenants and their keys. Everything random (tenant ids, data keys, access keys
 * and secrets) and every timestamp is chosen here, once, by the node that evaluates the op; what is
 * committed is the resulting records, from which {@link TenantDirectory} rebuilds its state on
 * every node. A secret in the clear leaves only through the op's result, to the one caller that
 * created it.
 */
public final class TenantChanges {
  private final TenantDirectory directory;
  private final KeyRing keyRing;
  private final Clock clock;

  public TenantChanges(TenantDirectory directory, KeyRing keyRing, Clock clock) {
    this.directory = directory;
    this.keyRing = keyRing;
    this.clock = clock;
  }

  /** Creates a tenant with a fresh data key and a first access key, returned once. */
  public WriteOp<Credentials> createTenant(String name, TenantQuotas quotas) {
    return view -> {
      String tenantId = Secrets.tenantId();
      while (view.get(Db.CATALOG, TenantRecords.tenantKey(tenantId)) != null) {
        tenantId = Secrets.tenantId();
      }
      DataKey dataKey = DataKey.generate(1);
      ItemCipher cipher = ItemCipher.create(dataKey, id -> id == dataKey.id() ? dataKey : null);
      TenantRecords.put(
          view,
          TenantRecords.tenantKey(tenantId),
          new TenantRecord(
              tenantId,
              name,
              TenantStatus.ACTIVE,
              clock.instant(),
              dataKey.id(),
              quotas,
              BillingSettings.DEFAULT));
      putDataKey(view, tenantId, dataKey);
      return newAccessKey(view, tenantId, cipher);
    };
  }

  /** Adds an access key to a tenant; the secret is returned once. */
  public WriteOp<Credentials> createAccessKey(String tenantId) {
    return view -> {
      requireStoredTenant(view, tenantId);
      return newAccessKey(view, tenantId, directory.requireCipher(tenantId));
    };
  }

  /** Enables or disables an access key of the tenant. */
  public WriteOp<AccessKeyRecord> setAccessKeyActive(
      String tenantId, String accessKeyId, boolean active) {
    return view -> {
      byte[] stored = view.get(Db.CATALOG, TenantRecords.accessKeyKey(accessKeyId));
      AccessKeyRecord existing =
          stored == null ? null : TenantRecords.decode(stored, AccessKeyRecord.class);
      if (existing == null || !existing.tenantId().equals(tenantId)) {
        throw DynamoException.resourceNotFound("Access key not found: " + accessKeyId);
      }
      AccessKeyRecord updated = existing.withActive(active);
      TenantRecords.put(view, TenantRecords.accessKeyKey(accessKeyId), updated);
      return updated;
    };
  }

  /** Changes a tenant's record (status, quotas). */
  public WriteOp<TenantRecord> updateTenant(String tenantId, UnaryOperator<TenantRecord> change) {
    return view -> {
      TenantRecord updated = change.apply(requireStoredTenant(view, tenantId));
      TenantRecords.put(view, TenantRecords.tenantKey(tenantId), updated);
      return updated;
    };
  }

  /**
   * Deletes a tenant with everything it owns, in one transaction: its tables (their storage is
   * purged in the background), its token issuers, its access keys and its wrapped data keys.
   * Without the data keys, every sealed item and secret of the tenant is unreadable, even in old
   * backups of the data file (crypto-shredding).
   *
   * @return the tables deleted
   */
  public static WriteOp<List<TableMetadata>> deleteTenant(String tenantId) {
    return view -> {
      deleteRecords(view, tenantId);
      JwtIssuers.deleteAllOf(view, tenantId);
      return TableChanges.deleteAllOf(view, tenantId);
    };
  }

  private static void deleteRecords(WriteView view, String tenantId) {
    requireStoredTenant(view, tenantId);
    view.delete(Db.CATALOG, TenantRecords.tenantKey(tenantId));
    List<byte[]> keys = new ArrayList<>();
    CatalogKeys.forEachUnder(
        view, TenantRecords.dataKeysOf(tenantId), (key, value) -> keys.add(CatalogKeys.key(key)));
    CatalogKeys.forEachUnder(
        view,
        TenantRecords.ACCESS_KEYS,
        (key, value) -> {
          if (TenantRecords.decode(value, AccessKeyRecord.class).tenantId().equals(tenantId)) {
            keys.add(CatalogKeys.key(key));
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
  public WriteOp<Integer> rewrapDataKeys() {
    return view -> {
      List<DataKeyRecord> stale = new ArrayList<>();
      for (byte[] value : CatalogKeys.valuesUnder(view, TenantRecords.DATA_KEYS)) {
        DataKeyRecord record = TenantRecords.decode(value, DataKeyRecord.class);
        if (!keyRing.isWrappedWithCurrent(Base64.getDecoder().decode(record.wrapped()))) {
          stale.add(record);
        }
      }
      for (DataKeyRecord record : stale) {
        byte[] rewrapped = keyRing.rewrap(Base64.getDecoder().decode(record.wrapped()));
        TenantRecords.put(
            view,
            TenantRecords.dataKeyKey(record.tenantId(), record.keyId()),
            new DataKeyRecord(
                record.tenantId(),
                record.keyId(),
                Base64.getEncoder().encodeToString(rewrapped),
                record.createdAt()));
      }
      return stale.size();
    };
  }

  /**
   * Gives the tenant a new data key: new values are sealed with it from the moment this commits,
   * while values sealed with older keys stay readable (older keys are kept, wrapped, until the
   * tenant is deleted). Re-sealing existing items is the data-key rotation's second pass.
   *
   * @return the new key's id
   */
  public WriteOp<Long> rotateDataKey(String tenantId) {
    return view -> {
      TenantRecord tenant = requireStoredTenant(view, tenantId);
      DataKey dataKey = DataKey.generate(tenant.currentDataKeyId() + 1);
      putDataKey(view, tenantId, dataKey);
      TenantRecords.put(
          view, TenantRecords.tenantKey(tenantId), tenant.withCurrentDataKey(dataKey.id()));
      return dataKey.id();
    };
  }

  private static TenantRecord requireStoredTenant(WriteView view, String tenantId) {
    byte[] stored = view.get(Db.CATALOG, TenantRecords.tenantKey(tenantId));
    if (stored == null) {
      throw DynamoException.resourceNotFound("Tenant not found: " + tenantId);
    }
    return TenantRecords.decode(stored, TenantRecord.class);
  }

  private Credentials newAccessKey(WriteView view, String tenantId, ItemCipher cipher) {
    String accessKeyId = Secrets.accessKeyId();
    String secret = Secrets.secretAccessKey();
    TenantRecords.put(
        view,
        TenantRecords.accessKeyKey(accessKeyId),
        new AccessKeyRecord(
            accessKeyId,
            tenantId,
            Base64.getEncoder()
                .encodeToString(TenantRecords.sealSecret(cipher, accessKeyId, secret)),
            true,
            clock.instant()));
    return new Credentials(tenantId, accessKeyId, secret);
  }

  /** Stores a data key, wrapped by the current master key. */
  private void putDataKey(WriteView view, String tenantId, DataKey dataKey) {
    TenantRecords.putDataKey(view, keyRing, tenantId, dataKey, clock.instant());
  }
}
