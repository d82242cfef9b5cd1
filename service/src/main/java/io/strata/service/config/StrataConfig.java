package io.strata.service.config;

import io.strata.tenancy.JwtIssuer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The service's configuration. Every key here is documented in README.md and in the Helm chart's
 * values.yaml; {@link ConfigLoader} fills it from a YAML file and environment variables.
 */
public record StrataConfig(
    Path dataDirectory,
    Api api,
    Metrics metrics,
    Admin admin,
    Storage storage,
    Security security,
    Limits limits,
    Prices prices,
    Cache cache,
    Cluster cluster,
    Transfers transfers) {

  /**
   * Table exports and imports: the directory that stands in for S3 (a tenant's buckets are the
   * directories under {@code <exportRoot>/<tenant id>/}), and the largest export or import source a
   * tenant may ask for unless its own quota says otherwise.
   */
  public record Transfers(Path exportRoot, long maxTransferBytes) {}

  /**
   * Replication: this node's id among {@code peers}, the Raft addresses of every member ({@code
   * STRATA_PEERS}, {@code n1@host:port,...}), the port this node's Raft server listens on, and how
   * many log entries may follow the last snapshot before the next is taken. A node that is to join
   * the group is not among the peers: it waits to be added. Without peers the node is a cluster of
   * its own and none of this applies.
   */
  public record Cluster(String nodeId, List<Peer> peers, int raftPort, long snapshotEveryEntries) {
    /** A member of the Raft group: its id and its Raft address. */
    public record Peer(String id, String host, int port) {
      public String address() {
        return host + ":" + port;
      }

      @Override
      public String toString() {
        return id + "@" + address();
      }
    }

    public boolean isReplicated() {
      return !peers.isEmpty();
    }
  }

  /** The DynamoDB-compatible HTTPS endpoint. */
  public record Api(
      String host,
      int port,
      @Nullable Path tlsCertificateFile,
      @Nullable Path tlsPrivateKeyFile,
      List<String> tlsHostNames,
      int tlsReloadSeconds,
      long maxRequestBytes,
      int eventLoops) {}

  /**
   * Prometheus scrape endpoint (plain HTTP), on loopback unless {@code host} says otherwise: its
   * labels name every tenant and table. With a {@code token}, a scrape must present it as {@code
   * Authorization: Bearer}. Label values are bounded: beyond {@code maxTenants} tenants and {@code
   * maxTablesPerTenant} tables per tenant, series fold into {@code _other}.
   */
  public record Metrics(
      String host, int port, int maxTenants, int maxTablesPerTenant, @Nullable String token) {}

  /**
   * Operator HTTPS API, authenticated with a bearer token; on loopback unless {@code host} says.
   */
  public record Admin(String host, int port, @Nullable String token) {}

  public record Storage(
      long mapSizeBytes,
      int maxReaders,
      int readThreads,
      int writerMaxQueuedOps,
      long writerMaxQueuedBytes,
      int writerMaxBatchOps,
      long writerMaxBatchBytes,
      boolean skipDamagedValues) {}

  /**
   * Key material and token issuers. The master key is {@code <id>:<base64>}; absent, one is kept in
   * the data dir. Issuers configured here serve every tenant (their tokens name the tenant in a
   * claim); tenants may also register their own issuers through the admin API.
   */
  public record Security(
      @Nullable String masterKey,
      @Nullable Path masterKeyFile,
      List<String> retiredMasterKeys,
      List<JwtIssuer> jwtIssuers) {}

  /**
   * Quotas and abuse limits: tables per tenant, the size of an item collection of a table with
   * local secondary indexes (DynamoDB's 10 GB), and request rates (per second, with bursts of twice
   * that) of control-plane operations per tenant, of all requests per tenant and per connection.
   * Over a rate, requests get DynamoDB's ThrottlingException.
   */
  public record Limits(
      int maxTablesPerTenant,
      int controlPlaneRequestsPerSecond,
      int tenantRequestsPerSecond,
      int connectionRequestsPerSecond,
      long itemCollectionBytes) {}

  /**
   * The item cache that serves eventually consistent GetItem like DAX: memory per tenant; 0 turns
   * it off. Hits report DynamoDB's capacity; whether they are billed is a tenant setting (see
   * docs/cache.md).
   */
  public record Cache(long maxBytesPerTenant, long maxQueryBytesPerTenant) {}

  /**
   * What usage reports charge: per million read and write units and per GB-month of storage, for
   * Standard tables and for Standard-IA tables. Defaults are DynamoDB's on-demand list prices in
   * us-east-1 (USD); Standard-IA's are Standard's with reads and writes 25% dearer and storage 60%
   * cheaper, as the developer guide prices the class (HowItWorks.TableClasses). Point-in-time
   * recovery is priced per GB-month of recovery data and restores per GB restored, at DynamoDB's
   * us-east-1 list prices for continuous backups (PITR) and restores; a table of either class pays
   * the same for both.
   */
  public record Prices(
      String currency,
      BigDecimal perMillionReadUnits,
      BigDecimal perMillionWriteUnits,
      BigDecimal perGbMonth,
      BigDecimal infrequentAccessPerMillionReadUnits,
      BigDecimal infrequentAccessPerMillionWriteUnits,
      BigDecimal infrequentAccessPerGbMonth,
      BigDecimal pitrPerGbMonth,
      BigDecimal restorePerGb) {}
}
