package io.strata.service.config;

import io.strata.tenancy.JwtIssuer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Builds {@link StrataConfig} from, in rising precedence: built-in defaults, the YAML file named by
 * {@code STRATA_CONFIG} (if any), and {@code STRATA_*} environment variables. YAML keys are the
 * dotted paths below ({@code api.port}, {@code storage.mapSizeBytes}, ...).
 */
public final class ConfigLoader {
  /**
   * Where the operator endpoints (metrics, admin) listen by default: they are for this machine
   * until an operator opens them deliberately ({@code STRATA_METRICS_HOST}, {@code
   * STRATA_ADMIN_HOST}); the API listens on every interface ({@code STRATA_HOST}).
   */
  private static final String LOOPBACK = "127.0.0.1";

  private final Map<String, String> environment;
  private final Map<String, Object> yaml;

  private ConfigLoader(Map<String, String> environment, Map<String, Object> yaml) {
    this.environment = environment;
    this.yaml = yaml;
  }

  public static StrataConfig load(Map<String, String> environment) {
    String file = environment.get("STRATA_CONFIG");
    Map<String, Object> yaml = file == null ? Map.of() : readYaml(Paths.get(file));
    return new ConfigLoader(environment, yaml).build();
  }

  private StrataConfig build() {
    Path dataDirectory = Paths.get(value("STRATA_DATA_DIR", "dataDirectory", "./data"));
    int cores = Runtime.getRuntime().availableProcessors();
    return new StrataConfig(
        dataDirectory,
        new StrataConfig.Api(
            value("STRATA_HOST", "api.host", "0.0.0.0"),
            integer("STRATA_PORT", "api.port", 8443),
            path("STRATA_TLS_CERT", "api.tlsCertificateFile"),
            path("STRATA_TLS_KEY", "api.tlsPrivateKeyFile"),
            list("STRATA_TLS_HOSTNAMES", "api.tlsHostNames"),
            integer("STRATA_TLS_RELOAD_SECONDS", "api.tlsReloadSeconds", 30),
            longValue("STRATA_MAX_REQUEST_BYTES", "api.maxRequestBytes", 16L << 20),
            integer("STRATA_EVENT_LOOPS", "api.eventLoops", cores)),
        new StrataConfig.Metrics(
            value("STRATA_METRICS_HOST", "metrics.host", LOOPBACK),
            integer("STRATA_METRICS_PORT", "metrics.port", 9464),
            integer("STRATA_METRICS_MAX_TENANTS", "metrics.maxTenants", 200),
            integer("STRATA_METRICS_MAX_TABLES_PER_TENANT", "metrics.maxTablesPerTenant", 100),
            optional("STRATA_METRICS_TOKEN", "metrics.token")),
        new StrataConfig.Admin(
            value("STRATA_ADMIN_HOST", "admin.host", LOOPBACK),
            integer("STRATA_ADMIN_PORT", "admin.port", 8444),
            optional("STRATA_ADMIN_TOKEN", "admin.token")),
        new StrataConfig.Storage(
            longValue("STRATA_MAP_SIZE_BYTES", "storage.mapSizeBytes", 64L << 30),
            integer("STRATA_MAX_READERS", "storage.maxReaders", 256),
            integer("STRATA_READ_THREADS", "storage.readThreads", Math.max(4, 2 * cores)),
            integer("STRATA_WRITER_MAX_QUEUED_OPS", "storage.writerMaxQueuedOps", 50_000),
            longValue("STRATA_WRITER_MAX_QUEUED_BYTES", "storage.writerMaxQueuedBytes", 256L << 20),
            integer("STRATA_WRITER_MAX_BATCH_OPS", "storage.writerMaxBatchOps", 1_000),
            longValue("STRATA_WRITER_MAX_BATCH_BYTES", "storage.writerMaxBatchBytes", 32L << 20),
            skipDamagedValues(value("STRATA_DAMAGED_VALUES", "storage.damagedValues", "fail"))),
        new StrataConfig.Security(
            optional("STRATA_MASTER_KEY", "security.masterKey"),
            path("STRATA_MASTER_KEY_FILE", "security.masterKeyFile"),
            list("STRATA_RETIRED_MASTER_KEYS", "security.retiredMasterKeys"),
            jwtIssuers()),
        new StrataConfig.Limits(
            integer("STRATA_MAX_TABLES_PER_TENANT", "limits.maxTablesPerTenant", 2500),
            integer("STRATA_CONTROL_PLANE_RATE", "limits.controlPlaneRequestsPerSecond", 100),
            integer("STRATA_TENANT_REQUEST_RATE", "limits.tenantRequestsPerSecond", 100000),
            integer("STRATA_CONNECTION_REQUEST_RATE", "limits.connectionRequestsPerSecond", 50000),
            longValue(
                "STRATA_ITEM_COLLECTION_LIMIT_BYTES", "limits.itemCollectionBytes", 10L << 30)),
        new StrataConfig.Prices(
            value("STRATA_PRICE_CURRENCY", "prices.currency", "USD"),
            decimal("STRATA_PRICE_PER_MILLION_READS", "prices.perMillionReadUnits", "0.125"),
            decimal("STRATA_PRICE_PER_MILLION_WRITES", "prices.perMillionWriteUnits", "0.625"),
            decimal("STRATA_PRICE_PER_GB_MONTH", "prices.perGbMonth", "0.25"),
            decimal(
                "STRATA_PRICE_IA_PER_MILLION_READS",
                "prices.infrequentAccess.perMillionReadUnits",
                "0.15625"),
            decimal(
                "STRATA_PRICE_IA_PER_MILLION_WRITES",
                "prices.infrequentAccess.perMillionWriteUnits",
                "0.78125"),
            decimal("STRATA_PRICE_IA_PER_GB_MONTH", "prices.infrequentAccess.perGbMonth", "0.10"),
            decimal("STRATA_PRICE_PITR_PER_GB_MONTH", "prices.pitrPerGbMonth", "0.20"),
            decimal("STRATA_PRICE_RESTORE_PER_GB", "prices.restorePerGb", "0.15")),
        new StrataConfig.Cache(
            longValue("STRATA_CACHE_BYTES_PER_TENANT", "cache.maxBytesPerTenant", 64L << 20),
            longValue(
                "STRATA_QUERY_CACHE_BYTES_PER_TENANT", "cache.maxQueryBytesPerTenant", 32L << 20)),
        cluster(),
        new StrataConfig.Transfers(
            Objects.requireNonNullElse(
                path("STRATA_EXPORT_ROOT", "transfers.exportRoot"),
                dataDirectory.resolve("exports")),
            longValue("STRATA_MAX_TRANSFER_BYTES", "transfers.maxTransferBytes", 10L << 30)));
  }

  /**
   * {@code STRATA_PEERS} lists every member as {@code id@host:port} (the Raft addresses); {@code
   * STRATA_NODE_ID} names this node among them, and {@code STRATA_RAFT_PORT} defaults to the port
   * its own entry gives.
   */
  private StrataConfig.Cluster cluster() {
    List<StrataConfig.Cluster.Peer> peers =
        list("STRATA_PEERS", "cluster.peers").stream().map(ConfigLoader::peer).toList();
    String nodeId = value("STRATA_NODE_ID", "cluster.nodeId", peers.isEmpty() ? "n1" : "");
    long snapshotEveryEntries =
        longValue("STRATA_RAFT_SNAPSHOT_ENTRIES", "cluster.snapshotEveryEntries", 100_000);
    if (peers.isEmpty()) {
      return new StrataConfig.Cluster(nodeId, peers, 0, snapshotEveryEntries);
    }
    if (peers.stream().map(StrataConfig.Cluster.Peer::id).distinct().count() != peers.size()) {
      throw new IllegalArgumentException("STRATA_PEERS (cluster.peers) names a node twice");
    }
    Optional<StrataConfig.Cluster.Peer> self =
        peers.stream().filter(peer -> peer.id().equals(nodeId)).findFirst();
    if (self.isEmpty()
        && environment.get("STRATA_RAFT_PORT") == null
        && lookup("cluster.raftPort") == null) {
      throw new IllegalArgumentException(
          "STRATA_NODE_ID (cluster.nodeId) must name one of STRATA_PEERS ("
              + peers
              + "), not '"
              + nodeId
              + "'; a node that is to join the group (./strata admin cluster add-node) is not among"
              + " them and gives its STRATA_RAFT_PORT");
    }
    return new StrataConfig.Cluster(
        nodeId,
        peers,
        integer(
            "STRATA_RAFT_PORT",
            "cluster.raftPort",
            self.map(StrataConfig.Cluster.Peer::port).orElse(0)),
        snapshotEveryEntries);
  }

  private static StrataConfig.Cluster.Peer peer(String text) {
    int at = text.indexOf('@');
    int colon = text.lastIndexOf(':');
    if (at <= 0 || colon < at + 2 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "each of STRATA_PEERS (cluster.peers) is id@host:port, not '" + text + "'");
    }
    try {
      return new StrataConfig.Cluster.Peer(
          text.substring(0, at),
          text.substring(at + 1, colon),
          Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the port of '" + text + "' in STRATA_PEERS (cluster.peers) is not a number", e);
    }
  }

  private String value(String variable, String yamlPath, String fallback) {
    String found = optional(variable, yamlPath);
    return found == null ? fallback : found;
  }

  private @Nullable String optional(String variable, String yamlPath) {
    String fromEnvironment = environment.get(variable);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment.trim();
    }
    Object fromYaml = lookup(yamlPath);
    return fromYaml == null ? null : fromYaml.toString();
  }

  private int integer(String variable, String yamlPath, int fallback) {
    return parsed(variable, yamlPath, fallback, Integer::parseInt);
  }

  private long longValue(String variable, String yamlPath, long fallback) {
    return parsed(variable, yamlPath, fallback, Long::parseLong);
  }

  private <T> T parsed(String variable, String yamlPath, T fallback, Function<String, T> parser) {
    String found = optional(variable, yamlPath);
    if (found == null) {
      return fallback;
    }
    try {
      return parser.apply(found);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "configuration " + yamlPath + " (" + variable + ") is not a number: " + found, e);
    }
  }

  private BigDecimal decimal(String variable, String yamlPath, String fallback) {
    return parsed(variable, yamlPath, new BigDecimal(fallback), BigDecimal::new);
  }

  private @Nullable Path path(String variable, String yamlPath) {
    String found = optional(variable, yamlPath);
    return found == null ? null : Paths.get(found);
  }

  private List<String> list(String variable, String yamlPath) {
    String fromEnvironment = environment.get(variable);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return Arrays.stream(fromEnvironment.split(",")).map(String::trim).toList();
    }
    Object fromYaml = lookup(yamlPath);
    if (fromYaml instanceof List<?> items) {
      return items.stream().map(Object::toString).toList();
    }
    return List.of();
  }

  /**
   * {@code security.jwtIssuers}: a list of issuers, each with {@code issuer}, {@code audiences},
   * {@code publicKeysPem} and/or {@code jwksJson}, optional {@code algorithms} and {@code
   * tenantClaim} (YAML only: structured values do not fit environment variables).
   */
  private List<JwtIssuer> jwtIssuers() {
    Object configured = lookup("security.jwtIssuers");
    if (!(configured instanceof List<?> issuers)) {
      return List.of();
    }
    return issuers.stream().map(ConfigLoader::jwtIssuer).toList();
  }

  private static JwtIssuer jwtIssuer(Object entry) {
    if (!(entry instanceof Map<?, ?> fields) || !(fields.get("issuer") instanceof String issuer)) {
      throw new IllegalArgumentException("each of security.jwtIssuers needs an issuer");
    }
    JwtIssuer.Builder builder = JwtIssuer.builder(issuer);
    strings(fields.get("audiences")).forEach(builder::audience);
    strings(fields.get("publicKeysPem")).forEach(builder::publicKeyPem);
    if (fields.get("jwksJson") instanceof String jwks) {
      builder.jwks(jwks);
    }
    List<String> algorithms = strings(fields.get("algorithms"));
    if (!algorithms.isEmpty()) {
      builder.algorithms(algorithms.toArray(new String[0]));
    }
    if (fields.get("tenantClaim") instanceof String claim) {
      builder.tenantClaim(claim);
    }
    if (fields.get("tenantId") instanceof String tenantId) {
      builder.fixedTenantId(tenantId);
    }
    return builder.build();
  }

  private static List<String> strings(@Nullable Object value) {
    return value instanceof List<?> items
        ? items.stream().map(Object::toString).toList()
        : List.of();
  }

  private @Nullable Object lookup(String dottedPath) {
    Object current = yaml;
    for (String part : dottedPath.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(part);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readYaml(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      return parsed instanceof Map<?, ?> ? (Map<String, Object>) parsed : Map.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration " + file, e);
    }
  }

  /** What Scan, Query and table copies do with a value that fails to open: fail or skip it. */
  private static boolean skipDamagedValues(String policy) {
    return switch (policy) {
      case "fail" -> false;
      case "skip" -> true;
      default ->
          throw new IllegalArgumentException(
              "STRATA_DAMAGED_VALUES (storage.damagedValues) must be fail or skip, not " + policy);
    };
  }
}
