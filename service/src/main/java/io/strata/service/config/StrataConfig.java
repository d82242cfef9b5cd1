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
   * Replication: this node's id among {@code peers}, every member's addresses ({@code
   * STRATA_PEERS}, {@code n1@host:raftPort[/apiPort],...}), the port this node's Raft server
   * listens on, how many log entries may follow the last snapshot before the next is taken, and the
   * port of this node's DynamoDB API ({@code STRATA_PORT}), which a peer that names no API port of
   * its own serves on too. A node that is to join the group is not among the peers: it waits to be
   * added. Without peers the node is a cluster of its own and none of this applies.
   */
  public record Cluster(
      String nodeId, List<Peer> peers, int raftPort, long snapshotEveryEntries, int apiPort) {
    /**
     * A member of the Raft group: its id, its host, its Raft port and the port of its DynamoDB API,
     * where followers forward the writes they receive while it leads.
     */
    public record Peer(String id, String host, int port, int apiPort) {
      /**
       * Parses {@code host:raftPort} or {@code host:raftPort/apiPort} (the part of a {@code
       * STRATA_PEERS} entry after {@code id@}, or the address {@code ./strata admin cluster
       * add-node} gives), the API port being {@code defaultApiPort} when it names none.
       */
      public static Peer parse(String id, String address, int defaultApiPort) {
        int slash = address.indexOf('/');
        String raft = slash < 0 ? address : address.substring(0, slash);
        int colon = raft.lastIndexOf(':');
        if (id.isEmpty()
            || colon < 1
            || colon == raft.length() - 1
            || slash == address.length() - 1) {
          throw new IllegalArgumentException(
              "a member's address is host:raftPort or host:raftPort/apiPort, not '"
                  + address
                  + "'");
        }
        try {
          return new Peer(
              id,
              raft.substring(0, colon),
              Integer.parseInt(raft.substring(colon + 1)),
              slash < 0 ? defaultApiPort : Integer.parseInt(address.substring(slash + 1)));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("a port of '" + address + "' is not a number", e);
        }
      }

      /** The Raft address, {@code host:port}. */
      public String address() {
        return host + ":" + port;
      }

      /** The DynamoDB API's address, {@code host:apiPort}. */
      public String apiAddress() {
        return host + ":" + apiPort;
      }

      @Override
      public String toString() {
        return id + "@" + address() + "/" + apiPort;
      }
    }

    public boolean isReplicated() {
      return !peers.isEmpty();
    }

    /** How many members the group has as this node starts: its peers, and itself if it joins. */
    public int members() {
      if (!isReplicated()) {
        return 1;
      }
      boolean joining = peers.stream().noneMatch(peer -> peer.id().equals(nodeId));
      return peers.size() + (joining ? 1 : 0);
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
