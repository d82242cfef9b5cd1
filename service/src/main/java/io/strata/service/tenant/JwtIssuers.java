package io.strata.service.tenant;

import io.strata.service.error.DynamoException;
import io.strata.service.json.Json;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.Sha256;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.WriteView;
import io.strata.service.storage.Writer;
import io.strata.tenancy.JwtIssuer;
import io.strata.tenancy.JwtIssuerRegistry;
import io.vertx.core.Future;
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
 */
public final class JwtIssuers implements JwtIssuerRegistry {
  private static final String ISSUER = "jwtissuer";

  private final Map<String, JwtIssuer> configured;
  private final Map<String, JwtIssuer> registered = new ConcurrentHashMap<>();
  private final Writer writer;

  public JwtIssuers(List<JwtIssuer> configured, Writer writer) {
    this.configured =
        configured.stream()
            .collect(Collectors.toUnmodifiableMap(JwtIssuer::issuer, Function.identity()));
    this.writer = writer;
  }

  public void load(LmdbStore store) {
    store.read(
        view -> {
          for (byte[] value : CatalogKeys.valuesUnder(view, CatalogKeys.prefix(ISSUER))) {
            JwtIssuer issuer = Json.fromRecordBytes(value, JwtIssuer.class);
            registered.put(issuer.issuer(), issuer);
          }
          return null;
        });
  }

  @Override
  public Optional<JwtIssuer> find(String issuer) {
    JwtIssuer shared = configured.get(issuer);
    return shared != null ? Optional.of(shared) : Optional.ofNullable(registered.get(issuer));
  }

  public List<JwtIssuer> ofTenant(String tenantId) {
    return registered.values().stream()
        .filter(issuer -> tenantId.equals(issuer.fixedTenantId()))
        .toList();
  }

  /** Registers (or replaces) an issuer bound to {@code tenantId}. */
  public Future<JwtIssuer> register(String tenantId, JwtIssuer requested) {
    JwtIssuer bound = requested.withFixedTenantId(tenantId);
    if (configured.containsKey(bound.issuer())) {
      return Future.failedFuture(
          DynamoException.validation(
              "issuer " + bound.issuer() + " is configured for the service"));
    }
    return writer.submit(
        new WriteOp<JwtIssuer>() {
          @Override
          public JwtIssuer apply(WriteView view) {
            byte[] existing = view.get(Db.CATALOG, recordKey(bound.issuer()));
            if (existing != null
                && !tenantId.equals(
                    Json.fromRecordBytes(existing, JwtIssuer.class).fixedTenantId())) {
              throw DynamoException.validation(
                  "issuer " + bound.issuer() + " is registered by another tenant");
            }
            view.put(Db.CATALOG, recordKey(bound.issuer()), Json.toRecordBytes(bound));
            return bound;
          }

          @Override
          public void afterCommit(JwtIssuer result) {
            registered.put(result.issuer(), result);
          }
        });
  }

  /** Removes one of the tenant's issuers; true if it existed. */
  public Future<Boolean> remove(String tenantId, String issuer) {
    return writer.submit(
        new WriteOp<Boolean>() {
          @Override
          public Boolean apply(WriteView view) {
            removeIfOwned(view, tenantId, issuer);
            return registered.containsKey(issuer);
          }

          @Override
          public void afterCommit(Boolean existed) {
            registered.computeIfPresent(
                issuer,
                (name, current) -> tenantId.equals(current.fixedTenantId()) ? null : current);
          }
        });
  }

  /** Removes every issuer of a tenant inside the caller's transaction (tenant deletion). */
  public void deleteAllOf(WriteView view, String tenantId) {
    ofTenant(tenantId).forEach(issuer -> removeIfOwned(view, tenantId, issuer.issuer()));
  }

  public void forget(String tenantId) {
    registered.values().removeIf(issuer -> tenantId.equals(issuer.fixedTenantId()));
  }

  private static void removeIfOwned(WriteView view, String tenantId, String issuer) {
    byte[] existing = view.get(Db.CATALOG, recordKey(issuer));
    if (existing != null
        && tenantId.equals(Json.fromRecordBytes(existing, JwtIssuer.class).fixedTenantId())) {
      view.delete(Db.CATALOG, recordKey(issuer));
    }
  }

  /** Issuers are URLs; their digest keeps catalog keys free of slashes. */
  private static byte[] recordKey(String issuer) {
    return CatalogKeys.key(ISSUER, Sha256.hexOf(issuer));
  }
}
