package io.strata.service.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.billing.UsageReport;
import io.strata.billing.UsageReportWriter;
import io.strata.service.api.Failures;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.json.Json;
import io.strata.service.maintenance.DataKeyRotation;
import io.strata.service.maintenance.StoreVerification;
import io.strata.service.maintenance.TableKeyShredding;
import io.strata.service.replication.RaftNode;
import io.strata.service.storage.LmdbStore;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableRef;
import io.strata.service.tenant.AccessKeyRecord;
import io.strata.service.tenant.BillingSettings;
import io.strata.service.tenant.Credentials;
import io.strata.service.tenant.JwtIssuers;
import io.strata.service.tenant.TenantChanges;
import io.strata.service.tenant.TenantDirectory;
import io.strata.service.tenant.TenantQuotas;
import io.strata.service.tenant.TenantRecord;
import io.strata.service.tenant.TenantStatus;
import io.strata.service.writer.Writer;
import io.strata.tenancy.JwtIssuer;
import io.strata.tenancy.JwtIssuerKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's routes. Every route needs {@code Authorization: Bearer <admin token>}; bodies and
 * answers are JSON; a secret access key appears in exactly one answer, the one that created it.
 *
 * <pre>
 *   GET    /tenants                                    list tenants
 *   POST   /tenants                 {"name", "quotas"?} create; answers its first key
 *   GET    /tenants/:id                                one tenant, its keys (no secrets), tables
 *   POST   /tenants/:id/suspend | /resume              refuse or accept its credentials
 *   PUT    /tenants/:id/quotas      {quota fields}     set the quotas given; the others keep theirs
 *   PUT    /tenants/:id/billing     {"cacheHits"}      CHARGED (default) or FREE cache hits
 *   DELETE /tenants/:id                                delete it, its tables and its keys
 *   POST   /tenants/:id/access-keys                    new access key
 *   DELETE /tenants/:id/access-keys/:key               revoke a key
 *   POST   /tenants/:id/access-keys/:key/rotate        new key, then revoke this one
 *   GET    /tenants/:id/jwt-issuers                    token issuers bound to the tenant
 *   PUT    /tenants/:id/jwt-issuers     {issuer, ...}  register or replace an issuer
 *   DELETE /tenants/:id/jwt-issuers?issuer=...         remove an issuer
 *   GET    /usage?tenant=&from=&to=&groupBy=&format=   usage and cost report (JSON or CSV)
 *   POST   /tenants/:id/data-keys/rotate               new tenant data key, re-seal its items
 *   POST   /tenants/:id/data-keys/reencrypt            re-seal what an older key still seals
 *   POST   /tenants/:id/tables/:table/data-key/destroy destroy a table's own key (crypto-shredding)
 *   POST   /store-verifications                        open every stored value, list damaged ones
 * </pre>
 */
public final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  private static final long MAX_BODY_BYTES = 64 * 1024;
  private static final List<String> QUOTA_NAMES =
      Arrays.stream(TenantQuotas.class.getRecordComponents())
          .map(RecordComponent::getName)
          .toList();

  private final TenantDirectory tenants;
  private final TenantChanges tenantChanges;
  private final JwtIssuers jwtIssuers;
  private final TableCatalog catalog;
  private final Writer writer;
  private final AdminToken token;
  private final TenantQuotas defaultQuotas;
  private final UsageReports usage;
  private final StoreBackup storeBackup;
  private final DataKeyRotation dataKeyRotation;
  private final TableKeyShredding tableKeyShredding;
  private final StoreVerification storeVerification;
  private final @Nullable RaftNode raft;

  public AdminApi(
      TenantDirectory tenants,
      TenantChanges tenantChanges,
      JwtIssuers jwtIssuers,
      TableCatalog catalog,
      Writer writer,
      AdminToken token,
      TenantQuotas defaultQuotas,
      UsageReports usage,
      LmdbStore store,
      Vertx vertx,
      DataKeyRotation dataKeyRotation,
      TableKeyShredding tableKeyShredding,
      StoreVerification storeVerification,
      @Nullable RaftNode raft) {
    this.tenants = tenants;
    this.tenantChanges = tenantChanges;
    this.jwtIssuers = jwtIssuers;
    this.catalog = catalog;
    this.writer = writer;
    this.token = token;
    this.defaultQuotas = defaultQuotas;
    this.usage = usage;
    this.storeBackup = new StoreBackup(store, vertx);
    this.dataKeyRotation = dataKeyRotation;
    this.tableKeyShredding = tableKeyShredding;
    this.storeVerification = storeVerification;
    this.raft = raft;
  }

  public Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(this::authorize);
    router.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    router
        .get("/tenants")
        .handler(ctx -> reply(ctx, 200, tenants.tenants().stream().map(this::describe).toList()));
    router.post("/tenants").handler(this::createTenant);
    router.get("/tenants/:id").handler(ctx -> reply(ctx, 200, describe(tenant(ctx))));
    router.post("/tenants/:id/suspend").handler(ctx -> setStatus(ctx, TenantStatus.SUSPENDED));
    router.post("/tenants/:id/resume").handler(ctx -> setStatus(ctx, TenantStatus.ACTIVE));
    router.put("/tenants/:id/quotas").handler(this::setQuotas);
    router.put("/tenants/:id/billing").handler(this::setBilling);
    router.delete("/tenants/:id").handler(this::deleteTenant);
    router
        .post("/tenants/:id/access-keys")
        .handler(
            ctx ->
                answer(
                    ctx,
                    201,
                    writer
                        .submit(tenantChanges.createAccessKey(tenant(ctx).id()))
                        .map(AdminApi::credentials)));
    router.delete("/tenants/:id/access-keys/:key").handler(this::revokeKey);
    router.post("/tenants/:id/access-keys/:key/rotate").handler(this::rotateKey);
    router
        .get("/tenants/:id/jwt-issuers")
        .handler(
            ctx ->
                reply(
                    ctx,
                    200,
                    jwtIssuers.ofTenant(tenant(ctx).id()).stream()
                        .map(AdminApi::describeIssuer)
                        .toList()));
    router.put("/tenants/:id/jwt-issuers").handler(this::registerIssuer);
    router
        .delete("/tenants/:id/jwt-issuers")
        .handler(
            ctx ->
                answer(
                    ctx,
                    200,
                    writer
                        .submit(JwtIssuers.remove(tenant(ctx).id(), requiredQuery(ctx, "issuer")))
                        .map(existed -> Map.of("removed", existed))));
    router.get("/usage").handler(this::usageReport);
    router.post("/store-backups").handler(this::backupStore);
    router
        .post("/tenants/:id/data-keys/rotate")
        .handler(ctx -> answer(ctx, 200, dataKeyRotation.rotate(tenant(ctx).id())));
    router
        .post("/tenants/:id/data-keys/reencrypt")
        .handler(ctx -> answer(ctx, 200, dataKeyRotation.reencrypt(tenant(ctx).id())));
    router.post("/tenants/:id/tables/:table/data-key/destroy").handler(this::shredTableKey);
    router.get("/cluster").handler(ctx -> reply(ctx, 200, clusterStatus()));
    router.post("/cluster/members").handler(this::addMember);
    router.delete("/cluster/members/:id").handler(this::removeMember);
    router.post("/cluster/leadership").handler(this::transferLeadership);
    router.post("/store-verifications").handler(ctx -> answer(ctx, 200, storeVerification.run()));
    router.route().failureHandler(this::failure);
    return router;
  }

  /**
   * Refuses a caller without the admin token before its body is read (the body handler comes after
   * this one): an anonymous client cannot make the server buffer or parse anything. The connection
   * of a refused request with an unread body is closed once the refusal is sent, since the rest of
   * that body would otherwise be read as the next request.
   */
  private void authorize(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!token.admits(request.getHeader("Authorization"))) {
      boolean bodyUnread = !request.isEnded();
      if (bodyUnread) {
        ctx.response().putHeader("Connection", "close");
      }
      reply(
              ctx,
              401,
              Map.of("error", "Unauthorized", "message", "a valid admin bearer token is required"))
          .onComplete(
              sent -> {
                if (bodyUnread) {
                  request.connection().close();
                }
              });
      return;
    }
    ctx.next();
  }

  private void createTenant(RoutingContext ctx) {
    JsonNode body = body(ctx);
    String name = body.path("name").asText("");
    if (name.isBlank() || name.length() > 128) {
      throw badRequest("name is required (1 to 128 characters)");
    }
    TenantQuotas quotas =
        body.has("quotas") ? quotas(defaultQuotas, body.get("quotas")) : defaultQuotas;
    answer(
        ctx,
        201,
        writer.submit(tenantChanges.createTenant(name, quotas)).map(AdminApi::credentials));
  }

  private void setStatus(RoutingContext ctx, TenantStatus status) {
    answer(
        ctx,
        200,
        writer
            .submit(tenantChanges.updateTenant(tenant(ctx).id(), t -> t.withStatus(status)))
            .map(this::describe));
  }

  private void setQuotas(RoutingContext ctx) {
    TenantRecord tenant = tenant(ctx);
    TenantQuotas quotas = quotas(tenant.quotas(), body(ctx));
    answer(
        ctx,
        200,
        writer
            .submit(tenantChanges.updateTenant(tenant.id(), t -> t.withQuotas(quotas)))
            .map(this::describe));
  }

  private void setBilling(RoutingContext ctx) {
    BillingSettings billing = billing(body(ctx));
    answer(
        ctx,
        200,
        writer
            .submit(tenantChanges.updateTenant(tenant(ctx).id(), t -> t.withBilling(billing)))
            .map(this::describe));
  }

  private void deleteTenant(RoutingContext ctx) {
    String tenantId = tenant(ctx).id();
    answer(
        ctx,
        200,
        writer
            .submit(TenantChanges.deleteTenant(tenantId))
            .map(
                deleted -> {
                  LOG.info("deleted tenant {} and its {} tables", tenantId, deleted.size());
                  return Map.of("tenant", tenantId, "deletedTables", deleted.size());
                }));
  }

  private void shredTableKey(RoutingContext ctx) {
    TableRef table = new TableRef(tenant(ctx).id(), ctx.pathParam("table"));
    answer(
        ctx,
        200,
        tableKeyShredding
            .shred(table)
            .onSuccess(
                shredded ->
                    LOG.info(
                        "destroyed the data key of table {} of tenant {}",
                        table.name(),
                        table.tenantId())));
  }

  private void revokeKey(RoutingContext ctx) {
    answer(
        ctx,
        200,
        writer
            .submit(tenantChanges.setAccessKeyActive(tenant(ctx).id(), ctx.pathParam("key"), false))
            .map(AdminApi::describeKey));
  }

  private void rotateKey(RoutingContext ctx) {
    String tenantId = tenant(ctx).id();
    String oldKey = ctx.pathParam("key");
    answer(
        ctx,
        201,
        tenants
            .accessKey(oldKey)
            .filter(key -> key.record().tenantId().equals(tenantId))
            .map(key -> writer.submit(tenantChanges.createAccessKey(tenantId)))
            .orElseThrow(() -> notFound("access key " + oldKey))
            .compose(
                created ->
                    writer
                        .submit(tenantChanges.setAccessKeyActive(tenantId, oldKey, false))
                        .map(revoked -> credentials(created))));
  }

  /**
   * Registers a token issuer for the tenant: {@code issuer}, {@code audiences}, {@code
   * publicKeysPem} and/or {@code jwksJson}, optional {@code algorithms} and {@code tenantClaim}.
   * Refused when none of its keys could verify a token.
   */
  private void registerIssuer(RoutingContext ctx) {
    String tenantId = tenant(ctx).id();
    JsonNode body = body(ctx);
    JwtIssuer issuer;
    try {
      JwtIssuer.Builder builder = JwtIssuer.builder(body.path("issuer").asText(""));
      body.path("audiences").forEach(audience -> builder.audience(audience.asText()));
      body.path("publicKeysPem").forEach(pem -> builder.publicKeyPem(pem.asText()));
      if (body.hasNonNull("jwksJson")) {
        builder.jwks(body.get("jwksJson").asText());
      }
      List<String> algorithms = new java.util.ArrayList<>();
      body.path("algorithms").forEach(algorithm -> algorithms.add(algorithm.asText()));
      if (!algorithms.isEmpty()) {
        builder.algorithms(algorithms.toArray(new String[0]));
      }
      if (body.hasNonNull("tenantClaim")) {
        builder.tenantClaim(body.get("tenantClaim").asText());
      }
      issuer = builder.fixedTenantId(tenantId).build();
    } catch (IllegalArgumentException e) {
      throw badRequest(e.getMessage());
    }
    if (JwtIssuerKeys.usableCount(issuer) == 0) {
      throw badRequest("none of the issuer's keys can verify a token");
    }
    answer(
        ctx,
        200,
        writer.submit(jwtIssuers.register(tenantId, issuer)).map(AdminApi::describeIssuer));
  }

  /**
   * {@code GET /usage?tenant=..&from=..&to=..&groupBy=..&format=..}: the ledger for one or more
   * tenants (all when none is named) over [from, to) (ISO-8601 instants; default the last 24
   * hours), grouped by tenant, table or hour (default table), as JSON or CSV.
   */
  private void backupStore(RoutingContext ctx) {
    String directory = body(ctx).path("directory").asText("");
    if (directory.isBlank()) {
      throw badRequest("directory is required: an absent or empty directory on the server");
    }
    Path target = Path.of(directory);
    answer(
        ctx,
        201,
        storeBackup
            .copyTo(target)
            .map(bytes -> Map.of("directory", target.toAbsolutePath().toString(), "bytes", bytes)));
  }

  private void usageReport(RoutingContext ctx) {
    List<String> tenantIds = ctx.queryParam("tenant");
    Instant to = instant(ctx, "to", Instant.now());
    Instant from = instant(ctx, "from", to.minus(Duration.ofDays(1)));
    if (!from.isBefore(to)) {
      throw badRequest("from must be before to");
    }
    UsageReport.Grouping grouping;
    try {
      grouping =
          UsageReport.Grouping.valueOf(
              ctx.queryParams().get("groupBy") == null
                  ? "TABLE"
                  : ctx.queryParams().get("groupBy").toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw badRequest("groupBy is one of tenant, table, hour");
    }
    boolean csv = "csv".equalsIgnoreCase(ctx.queryParams().get("format"));
    List<String> tenantsToReport =
        tenantIds.isEmpty() ? tenants.tenants().stream().map(TenantRecord::id).toList() : tenantIds;
    usage
        .report(tenantsToReport, from, to, grouping)
        .onSuccess(
            report ->
                ctx.response()
                    .putHeader("Content-Type", csv ? "text/csv" : "application/json")
                    .end(csv ? UsageReportWriter.toCsv(report) : UsageReportWriter.toJson(report)))
        .onFailure(ctx::fail);
  }

  private static Instant instant(RoutingContext ctx, String name, Instant fallback) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Instant.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw badRequest(name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
    }
  }

  private static Map<String, Object> describeIssuer(JwtIssuer issuer) {
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("issuer", issuer.issuer());
    description.put("audiences", issuer.audiences());
    description.put("algorithms", issuer.algorithms());
    description.put("tenantClaim", issuer.tenantClaim());
    description.put("publicKeys", issuer.publicKeysPem().size());
    description.put("jwks", issuer.jwksJson() != null);
    return description;
  }

  private static String requiredQuery(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    if (value == null || value.isBlank()) {
      throw badRequest("query parameter " + name + " is required");
    }
    return value;
  }

  private TenantRecord tenant(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    return tenants.tenant(id).orElseThrow(() -> notFound("tenant " + id));
  }

  private Map<String, Object> describe(TenantRecord tenant) {
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("tenant", tenant.id());
    description.put("name", tenant.name());
    description.put("status", tenant.status().name());
    description.put("createdAt", tenant.createdAt().toString());
    description.put("quotas", tenant.quotas());
    description.put("billing", tenant.billingSettings());
    description.put(
        "accessKeys", tenants.accessKeys(tenant.id()).stream().map(AdminApi::describeKey).toList());
    description.put("tables", catalog.list(tenant.id()).size());
    return description;
  }

  private static Map<String, Object> describeKey(AccessKeyRecord key) {
    return Map.of(
        "accessKeyId",
        key.accessKeyId(),
        "active",
        key.active(),
        "createdAt",
        key.createdAt().toString());
  }

  private static Map<String, Object> credentials(Credentials created) {
    return Map.of(
        "tenant", created.tenantId(),
        "accessKeyId", created.accessKeyId(),
        "secretAccessKey", created.secretAccessKey());
  }

  /**
   * {@code current} with the quotas that {@code node} names replaced. A quota is a non-negative
   * integer; 0 means the server's default. Unknown names are refused, so a misspelt quota is not
   * silently ignored.
   */
  private static TenantQuotas quotas(TenantQuotas current, JsonNode node) {
    if (!node.isObject()) {
      throw badRequest("quotas are a JSON object of " + QUOTA_NAMES);
    }
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!QUOTA_NAMES.contains(name)) {
                throw badRequest("unknown quota " + name + "; the quotas are " + QUOTA_NAMES);
              }
            });
    return new TenantQuotas(
        quota(node, "maxReadUnitsPerSecond", current.maxReadUnitsPerSecond()),
        quota(node, "maxWriteUnitsPerSecond", current.maxWriteUnitsPerSecond()),
        quota(node, "maxTableReadUnitsPerSecond", current.maxTableReadUnitsPerSecond()),
        quota(node, "maxTableWriteUnitsPerSecond", current.maxTableWriteUnitsPerSecond()),
        (int) Math.min(Integer.MAX_VALUE, quota(node, "maxTables", current.maxTables())),
        quota(node, "maxTransferBytes", current.maxTransferBytes()));
  }

  private static long quota(JsonNode quotas, String name, long current) {
    JsonNode value = quotas.get(name);
    if (value == null) {
      return current;
    }
    if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
      throw badRequest(name + " must be a non-negative integer, not " + value);
    }
    return value.asLong();
  }

  private static BillingSettings billing(JsonNode node) {
    try {
      BillingSettings billing = Json.RECORDS.treeToValue(node, BillingSettings.class);
      if (billing.cacheHits() == null) {
        throw badRequest("cacheHits must be CHARGED or FREE");
      }
      return billing;
    } catch (IOException e) {
      throw badRequest("billing settings are not valid: " + e.getMessage());
    }
  }

  /** A cluster member's view of its Raft group; a single node is a group of its own. */
  private Object clusterStatus() {
    RaftNode member = raft;
    return member == null ? Map.of("replicated", false) : member.status();
  }

  private void addMember(RoutingContext ctx) {
    JsonNode body = body(ctx);
    String id = body.path("id").asText("");
    String address = body.path("address").asText("");
    if (id.isEmpty() || address.isEmpty()) {
      throw badRequest(
          "give the new member's id and its Raft address (host:port, or host:port/apiPort)");
    }
    changeMembers(ctx, cluster().addMember(id, address));
  }

  private void removeMember(RoutingContext ctx) {
    changeMembers(ctx, cluster().removeMember(ctx.pathParam("id")));
  }

  /** Body {@code {"to": "n2"}}, or no target: away from this node if it leads (preStop hooks). */
  private void transferLeadership(RoutingContext ctx) {
    String target = body(ctx).path("to").asText("");
    changeGroup(
        ctx,
        cluster().transferLeadership(target.isEmpty() ? Optional.empty() : Optional.of(target)),
        "LeadershipNotMoved");
  }

  private void changeMembers(RoutingContext ctx, CompletableFuture<Void> change) {
    changeGroup(ctx, change, "MembershipNotChanged");
  }

  /** Answers the group's status once {@code change} is done; a refusal is 400 or 409. */
  private void changeGroup(RoutingContext ctx, CompletableFuture<Void> change, String refusalCode) {
    Future.fromCompletionStage(change, ctx.vertx().getOrCreateContext())
        .onSuccess(ignored -> reply(ctx, 200, cluster().status()))
        .onFailure(
            failure ->
                ctx.fail(
                    new AdminException(
                        failure instanceof IllegalArgumentException ? 400 : 409,
                        refusalCode,
                        failure.getMessage())));
  }

  private RaftNode cluster() {
    RaftNode member = raft;
    if (member == null) {
      throw badRequest("this node is not a member of a cluster (STRATA_PEERS is not set)");
    }
    return member;
  }

  private static JsonNode body(RoutingContext ctx) {
    try {
      // A request without a body at all (no Content-Length) has no buffer, not an empty one.
      io.vertx.core.buffer.Buffer buffer = ctx.body().buffer();
      return buffer == null || buffer.length() == 0
          ? Json.RECORDS.createObjectNode()
          : Json.RECORDS.readTree(buffer.getBytes());
    } catch (IOException e) {
      throw badRequest("the body is not valid JSON");
    }
  }

  private void answer(RoutingContext ctx, int status, Future<?> result) {
    result.onSuccess(value -> reply(ctx, status, value)).onFailure(ctx::fail);
  }

  /** Answers with {@code value} as JSON; completes once the answer is sent. */
  private static Future<Void> reply(RoutingContext ctx, int status, Object value) {
    try {
      return ctx.response()
          .setStatusCode(status)
          .putHeader("Content-Type", "application/json")
          .end(io.vertx.core.buffer.Buffer.buffer(Json.RECORDS.writeValueAsBytes(value)));
    } catch (IOException e) {
      ctx.fail(e);
      return Future.failedFuture(e);
    }
  }

  private void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    DynamoException dynamo = failure == null ? null : Failures.asDynamo(failure);
    if (failure instanceof AdminException admin) {
      reply(ctx, admin.status, Map.of("error", admin.error, "message", admin.getMessage()));
    } else if (dynamo != null && dynamo.code() != ErrorCode.INTERNAL_SERVER_ERROR) {
      int status =
          dynamo.code() == ErrorCode.RESOURCE_NOT_FOUND
              ? 404
              : Math.max(400, dynamo.code().httpStatus());
      reply(ctx, status, Map.of("error", dynamo.code().name(), "message", dynamo.getMessage()));
    } else if (failure instanceof IllegalArgumentException invalid) {
      reply(ctx, 400, Map.of("error", "BadRequest", "message", invalid.getMessage()));
    } else if (ctx.statusCode() == 413) {
      reply(ctx, 413, Map.of("error", "TooLarge", "message", "the body is too large"));
    } else {
      LOG.error(
          "admin request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
      reply(
          ctx,
          500,
          Map.of("error", "InternalError", "message", "internal error; see the server log"));
    }
  }

  private static AdminException badRequest(String message) {
    return new AdminException(400, "BadRequest", message);
  }

  private static AdminException notFound(String what) {
    return new AdminException(404, "NotFound", what + " does not exist");
  }

  /** A refusal with its HTTP status; rendered by {@link #failure}. */
  private static final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String error;

    AdminException(int status, String error, String message) {
      super(message, null, false, false);
      this.status = status;
      this.error = error;
    }
  }
}
