package io.strata.service.tenant;

import io.strata.service.error.DynamoException;
import io.strata.service.json.Json;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.Projection;
import io.strata.service.storage.Sha256;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.WriteSet;
import io.strata.service.storage.WriteView;
import io.strata.tenancy.JwtIssuer;
import io.strata.tenancy.JwtIssuerRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Token issuers the service trusts: those in the configuration (shared; the token names its tenant
 * in a claim) and those a tenant registered through the admin API (bound to that tenant: its tokens
 * can only ever act for it). An issuer ({@code iss}) belongs to one place only, so a tenant cannot
 * register an issuer that would let it speak for anybody else.
 *
 * <p>Registered issuers are records {@code jwtissuer/<sha-256 of iss>} written by the ops here and
 * served from memory, projected from committed write sets ({@link #apply}).
 */
public final class JwtIssuers implements JwtIssuerRegistry, Projection {
  private static final String ISSUER = "jwtissuer";
  private static final byte[] PREFIX = CatalogKeys.prefix(ISSUER);

  private final Map<String, JwtIssuer> configured;

  /** Registered issuers by the last component of their record key. */
  private final Map<String, JwtIssuer> registered = new ConcurrentHashMap<>();

  public JwtIssuers(List<JwtIssuer> configured) {
    this.configured =
        configured.stream()
            .collect(Collectors.toUnmodifiableMap(JwtIssuer::issuer, Function.identity()));
  }

  public void load(LmdbStore store) {
    store.read(
        view -> {
          CatalogKeys.forEachUnder(
              view,
              PREFIX,
              (key, value) ->
                  registered.put(digestOf(key), Json.fromRecordBytes(value, JwtIssuer.class)));
          return null;
        });
  }

  @Override
  public void apply(LogPosition position, WriteSet writes) {
    for (WriteSet.Mutation mutation : writes.mutationsUnder(Db.CATALOG, PREFIX)) {
      String digest = digestOf(new String(mutation.key(), StandardCharsets.UTF_8));
      byte[] value = mutation.value();
      if (value == null) {
        registered.remove(digest);
      } else {
        registered.put(digest, Json.fromRecordBytes(value, JwtIssuer.class));
      }
    }
  }

  @Override
  public Optional<JwtIssuer> find(String issuer) {
    JwtIssuer shared = configured.get(issuer);
    return shared != null
        ? Optional.of(shared)
        : Optional.ofNullable(registered.get(Sha256.hexOf(issuer)));
  }

  public List<JwtIssuer> ofTenant(String tenantId) {
    return registered.values().stream()
        .filter(issuer -> tenantId.equals(issuer.fixedTenantId()))
        .toList();
  }

  /**
   * Registers (or replaces) an issuer bound to {@code tenantId}.
   *
   * @throws DynamoException if the issuer is one of the service's own
   */
  public WriteOp<JwtIssuer> register(String tenantId, JwtIssuer requested) {
    JwtIssuer bound = requested.withFixedTenantId(tenantId);
    if (configured.containsKey(bound.issuer())) {
      throw DynamoException.validation(
          "issuer " + bound.issuer() + " is configured for the service");
    }
    return view -> {
      byte[] existing = view.get(Db.CATALOG, recordKey(bound.issuer()));
      if (existing != null
          && !tenantId.equals(Json.fromRecordBytes(existing, JwtIssuer.class).fixedTenantId())) {
        throw DynamoException.validation(
            "issuer " + bound.issuer() + " is registered by another tenant");
      }
      view.put(Db.CATALOG, recordKey(bound.issuer()), Json.toRecordBytes(bound));
      return bound;
    };
  }

  /** Removes one of the tenant's issuers; true if it existed. */
  public static WriteOp<Boolean> remove(String tenantId, String issuer) {
    return view -> removeIfOwned(view, tenantId, issuer);
  }

  /** Removes every issuer of a tenant inside the caller's transaction (tenant deletion). */
  public static void deleteAllOf(WriteView view, String tenantId) {
    List<byte[]> owned = new ArrayList<>();
    CatalogKeys.forEachUnder(
        view,
        PREFIX,
        (key, value) -> {
          if (tenantId.equals(Json.fromRecordBytes(value, JwtIssuer.class).fixedTenantId())) {
            owned.add(key.getBytes(StandardCharsets.UTF_8));
          }
        });
    owned.forEach(key -> view.delete(Db.CATALOG, key));
  }

  private static boolean removeIfOwned(WriteView view, String tenantId, String issuer) {
    byte[] existing = view.get(Db.CATALOG, recordKey(issuer));
    if (existing != null
        && tenantId.equals(Json.fromRecordBytes(existing, JwtIssuer.class).fixedTenantId())) {
      return view.delete(Db.CATALOG, recordKey(issuer));
    }
    return false;
  }

  /** Issuers are URLs; their digest keeps catalog keys free of slashes. */
  private static byte[] recordKey(String issuer) {
    return CatalogKeys.key(ISSUER, Sha256.hexOf(issuer));
  }

  private static String digestOf(String recordKey) {
    return recordKey.substring(recordKey.lastIndexOf('/') + 1);
  }
}
