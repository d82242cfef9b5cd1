package io.strata.service;

import io.strata.billing.UsageMetrics;
import io.strata.billing.UsagePrices;
import io.strata.billing.UsageRecorder;
import io.strata.crypto.KeyRing;
import io.strata.crypto.TlsMaterial;
import io.strata.service.admin.AdminApi;
import io.strata.service.admin.AdminToken;
import io.strata.service.admin.UsageReports;
import io.strata.service.api.Operations;
import io.strata.service.backup.BackupCatalog;
import io.strata.service.cache.ItemCache;
import io.strata.service.cache.QueryCache;
import io.strata.service.config.StrataConfig;
import io.strata.service.http.ApiVerticle;
import io.strata.service.http.BearerToken;
import io.strata.service.http.CallerAuthenticator;
import io.strata.service.http.RequestRates;
import io.strata.service.http.TlsOptions;
import io.strata.service.http.TlsReloader;
import io.strata.service.idempotency.ClientRequestTokens;
import io.strata.service.item.ItemEffects;
import io.strata.service.item.ItemReads;
import io.strata.service.item.ItemWrites;
import io.strata.service.item.TableMaintenance;
import io.strata.service.maintenance.DataKeyRotation;
import io.strata.service.maintenance.ExportRoot;
import io.strata.service.maintenance.LeaderDuties;
import io.strata.service.maintenance.Maintenance;
import io.strata.service.maintenance.StoreVerification;
import io.strata.service.maintenance.UsageFlusher;
import io.strata.service.metering.Metering;
import io.strata.service.metering.MetricsEndpoint;
import io.strata.service.metering.ProcessMetrics;
import io.strata.service.metering.RaftMetrics;
import io.strata.service.metering.RestoreMetering;
import io.strata.service.replication.RaftNode;
import io.strata.service.startup.DataDirectory;
import io.strata.service.startup.StartupException;
import io.strata.service.storage.AppliedPosition;
import io.strata.service.storage.DamagedValues;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.Projection;
import io.strata.service.storage.WriteOp;
import io.strata.service.stream.StreamLog;
import io.strata.service.stream.StreamReader;
import io.strata.service.table.ContinuousBackups;
import io.strata.service.table.ExportJobs;
import io.strata.service.table.ImportJobs;
import io.strata.service.table.PurgeMarkers;
import io.strata.service.table.RestoreJobs;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableStats;
import io.strata.service.tenant.Credentials;
import io.strata.service.tenant.FirstTenant;
import io.strata.service.tenant.FirstTenantFile;
import io.strata.service.tenant.JwtIssuers;
import io.strata.service.tenant.TableQuota;
import io.strata.service.tenant.TenantChanges;
import io.strata.service.tenant.TenantDirectory;
import io.strata.service.tenant.TenantQuotas;
import io.strata.service.tenant.TransferQuota;
import io.strata.service.writer.LocalReplicator;
import io.strata.service.writer.ReadBarrier;
import io.strata.service.writer.Replicator;
import io.strata.service.writer.Writer;
import io.strata.tenancy.Authenticator;
import io.strata.tenancy.CapacityGate;
import io.strata.tenancy.CapacityQuota;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composes the running service from its configuration: opens storage and loads the catalog on the
 * calling thread (blocking, before anything serves), creates the first tenant on a fresh data
 * directory, then deploys the HTTPS endpoint on every event loop. Wiring only: every decision lives
 * in the parts.
 */
public final class StrataServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StrataServer.class);

  /** The region in ARNs shown to bearer-token clients, which sign for no region. */
  private static final String DEFAULT_REGION = "us-east-1";

  private final Vertx vertx;
  private final ProcessMetrics processMetrics;
  private final DataDirectory dataDirectory;
  private final LmdbStore store;
  private final Writer writer;
  private final Maintenance maintenance;
  private final UsageFlusher flusher;
  private final String apiDeployment;
  private final TlsMaterial tls;
  private final TenantChanges tenantChanges;
  private final int apiPort;
  private final int adminPort;
  private final SortedSet<String> operationNames;
  private final @Nullable Credentials firstTenant;
  private final @Nullable RaftNode raft;

  private StrataServer(
      Vertx vertx,
      ProcessMetrics processMetrics,
      DataDirectory dataDirectory,
      LmdbStore store,
      Writer writer,
      Maintenance maintenance,
      UsageFlusher flusher,
      String apiDeployment,
      TlsMaterial tls,
      TenantChanges tenantChanges,
      int apiPort,
      int adminPort,
      SortedSet<String> operationNames,
      @Nullable Credentials firstTenant,
      @Nullable RaftNode raft) {
    this.vertx = vertx;
    this.processMetrics = processMetrics;
    this.dataDirectory = dataDirectory;
    this.store = store;
    this.writer = writer;
    this.maintenance = maintenance;
    this.flusher = flusher;
    this.apiDeployment = apiDeployment;
    this.tls = tls;
    this.tenantChanges = tenantChanges;
    this.apiPort = apiPort;
    this.adminPort = adminPort;
    this.operationNames = operationNames;
    this.firstTenant = firstTenant;
    this.raft = raft;
  }

  /** Starts the service and returns once it accepts requests. */
  public static StrataServer start(StrataConfig config, Clock clock) throws Exception {
    return start(config, clock, false, LocalReplicator::new);
  }

  /**
   * Starts the service with the write sets of its writer going through the replicator that {@code
   * replicators} makes from the store's last applied position (a single node's own log unless a
   * test says otherwise), or, with {@code STRATA_PEERS}, through this node's member of the Raft
   * group ({@link RaftNode}), whose leadership then decides where the first tenant is created and
   * where background work runs. Refuses to start (a {@link StartupException}) when the data
   * directory is in use, its store is damaged or missing, or the master key is not the store's
   * ({@link DataDirectory}).
   *
   * @param initialize begin an empty store even where the data directory held one ({@code
   *     --initialize})
   */
  public static StrataServer start(
      StrataConfig config,
      Clock clock,
      boolean initialize,
      Function<LogPosition, Replicator> replicators)
      throws Exception {
    Path dataDirectory = config.dataDirectory();
    DataDirectory data = DataDirectory.open(config, initialize);
    KeyRing keyRing = data.keyRing();
    TlsMaterial tls = tlsMaterial(config);

    StrataConfig.Storage storage = config.storage();
    LmdbStore store = data.store();
    LogPosition applied = store.read(AppliedPosition::read);
    RaftNode raft =
        config.cluster().isReplicated()
            ? RaftNode.create(config.cluster(), dataDirectory.resolve("raft"), store, clock)
            : null;
    Writer writer =
        new Writer(
            store,
            raft != null ? raft.replicator() : replicators.apply(applied),
            clock,
            new Writer.Bounds(
                storage.writerMaxQueuedOps(),
                storage.writerMaxQueuedBytes(),
                storage.writerMaxBatchOps(),
                storage.writerMaxBatchBytes()));

    // The node's in-memory state: loaded from the store, then kept current by every write set.
    TableStats stats = new TableStats();
    TableCatalog catalog = new TableCatalog();
    PurgeMarkers purgeMarkers = new PurgeMarkers();
    RestoreJobs restoreJobs = new RestoreJobs();
    ExportJobs exportJobs = new ExportJobs();
    ImportJobs importJobs = new ImportJobs();
    ContinuousBackups recoveries = new ContinuousBackups();
    TenantDirectory tenants = new TenantDirectory(keyRing);
    JwtIssuers jwtIssuers = new JwtIssuers(config.security().jwtIssuers());
    BackupCatalog backups = new BackupCatalog();
    ClientRequestTokens transactionTokens = new ClientRequestTokens(clock);
    ItemCache cache =
        new ItemCache(() -> writer.appliedPosition().index(), config.cache().maxBytesPerTenant());
    QueryCache queryCache =
        new QueryCache(
            () -> writer.appliedPosition().index(), config.cache().maxQueryBytesPerTenant());
    stats.load(store);
    catalog.load(store);
    purgeMarkers.load(store);
    restoreJobs.load(store);
    exportJobs.load(store);
    importJobs.load(store);
    recoveries.load(store);
    tenants.load(store);
    jwtIssuers.load(store);
    backups.load(store);
    transactionTokens.load(store);
    for (Projection projection :
        List.of(
            stats,
            catalog,
            purgeMarkers,
            restoreJobs,
            exportJobs,
            importJobs,
            recoveries,
            tenants,
            jwtIssuers,
            backups,
            transactionTokens,
            cache,
            queryCache)) {
      writer.addProjection(projection);
    }

    TenantChanges tenantChanges = new TenantChanges(tenants, keyRing, clock);
    LeaderDuties leaderDuties = new LeaderDuties(writer, tenants, tenantChanges, keyRing);
    Credentials firstTenant = null;
    if (raft == null) {
      leaderDuties.rewrapDataKeys();
      leaderDuties.freeAbandonedCopies();
      firstTenant = leaderDuties.createFirstTenant();
      if (firstTenant != null) {
        FirstTenant.write(dataDirectory, firstTenant);
      }
    } else {
      // Every member learns the first tenant from the log, whichever node created it.
      writer.addProjection(new FirstTenantFile(dataDirectory, tenants));
      raft.start(writer);
    }

    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(config.api().eventLoops())
                .setPreferNativeTransport(false));
    WorkerExecutor readPool = vertx.createSharedWorkerExecutor("lmdb-read", storage.readThreads());
    StreamLog streamLog = new StreamLog(tenants);
    DamagedValues damagedValues = new DamagedValues(storage.skipDamagedValues());
    ItemEffects effects =
        new ItemEffects(tenants, damagedValues, streamLog, config.limits().itemCollectionBytes());
    ItemReads reads =
        new ItemReads(
            store,
            readPool,
            tenants,
            damagedValues,
            cache,
            raft != null ? raft.readBarrier() : ReadBarrier.NONE);
    ItemWrites writes = new ItemWrites(writer, catalog, effects);
    TableMaintenance tables = new TableMaintenance(store, writer, readPool, catalog, effects);
    UsageMetrics usageMetrics =
        new UsageMetrics(config.metrics().maxTenants(), config.metrics().maxTablesPerTenant());
    if (raft != null) {
      RaftMetrics.register(usageMetrics.registry(), raft);
    }
    UsageRecorder usageRecorder = new UsageRecorder();
    Metering metering =
        new Metering(
            new CapacityGate(() -> nanosOf(clock), CapacityQuota.DEFAULT),
            usageMetrics,
            usageRecorder,
            tenants);
    catalog.addListener(metering);
    UsageFlusher flusher =
        new UsageFlusher(usageRecorder, catalog, stats, recoveries, usageMetrics, writer, clock);
    listening(
        vertx
            .createHttpServer()
            .requestHandler(
                new MetricsEndpoint(
                    usageMetrics,
                    catalog,
                    stats,
                    writer,
                    store,
                    damagedValues,
                    metricsAuthorization(config.metrics().token())))
            .listen(config.metrics().port(), config.metrics().host()),
        "metrics",
        "STRATA_METRICS_HOST, STRATA_METRICS_PORT",
        config.metrics().host(),
        config.metrics().port());
    ExportRoot exportRoot = new ExportRoot(config.transfers().exportRoot());
    Maintenance maintenance =
        Maintenance.of(
            store,
            writer,
            readPool,
            catalog,
            purgeMarkers,
            restoreJobs,
            exportJobs,
            importJobs,
            recoveries,
            tables,
            writes,
            streamLog,
            flusher,
            new RestoreMetering(usageMetrics, clock),
            exportRoot,
            clock);
    if (raft == null) {
      maintenance.start(vertx);
    } else {
      raft.onLeadership(
          leading -> {
            if (leading) {
              leaderDuties.takeOver(raft.readBarrier());
              maintenance.start(vertx);
            } else {
              maintenance.stop();
            }
          });
    }
    Operations operations =
        Operations.all(
            new Operations.Parts(
                writer,
                catalog,
                stats,
                reads,
                writes,
                tables,
                transactionTokens,
                new StreamReader(store, readPool, streamLog),
                backups,
                recoveries,
                exportJobs,
                importJobs,
                exportRoot,
                readPool,
                queryCache,
                tenants),
            metering,
            clock,
            new TableQuota(tenants, config.limits().maxTablesPerTenant()),
            new TransferQuota(tenants, config.transfers().maxTransferBytes()));
    HttpServerOptions options =
        TlsOptions.serverOptions(tls).setHost(config.api().host()).setPort(config.api().port());
    CallerAuthenticator authenticator =
        new CallerAuthenticator(
            Authenticator.create(tenants::resolve, jwtIssuers, clock), tenants, DEFAULT_REGION);
    RequestRates rates =
        new RequestRates(config.limits(), Operations::isControlPlane, () -> nanosOf(clock));
    TlsReloader tlsReloader = new TlsReloader(tls);
    tlsReloader.start(vertx, Duration.ofSeconds(config.api().tlsReloadSeconds()));
    ProcessMetrics processMetrics =
        new ProcessMetrics(usageMetrics.registry(), tlsReloader::notAfter);
    String apiDeployment =
        listening(
            vertx.deployVerticle(
                () ->
                    new ApiVerticle(
                        options,
                        operations.runner(),
                        authenticator,
                        writer::isHealthy,
                        config.api().maxRequestBytes(),
                        rates,
                        tlsReloader,
                        clock),
                new DeploymentOptions()
                    .setThreadingModel(ThreadingModel.EVENT_LOOP)
                    .setInstances(config.api().eventLoops())),
            "DynamoDB API",
            "STRATA_HOST, STRATA_PORT",
            config.api().host(),
            config.api().port());
    AdminToken adminToken = AdminToken.configuredOrGenerated(config.admin().token(), dataDirectory);
    StrataConfig.Prices prices = config.prices();
    UsagePrices standardPrices =
        UsagePrices.of(
                prices.currency(),
                prices.perMillionReadUnits(),
                prices.perMillionWriteUnits(),
                prices.perGbMonth())
            .withRecoveryPrices(prices.pitrPerGbMonth(), prices.restorePerGb());
    UsageReports usageReports =
        new UsageReports(
            flusher,
            store,
            readPool,
            catalog,
            standardPrices,
            standardPrices.withUnitPrices(
                prices.infrequentAccessPerMillionReadUnits(),
                prices.infrequentAccessPerMillionWriteUnits(),
                prices.infrequentAccessPerGbMonth()));
    AdminApi admin =
        new AdminApi(
            tenants,
            tenantChanges,
            jwtIssuers,
            catalog,
            writer,
            adminToken,
            TenantQuotas.SERVER_DEFAULTS,
            usageReports,
            store,
            vertx,
            new DataKeyRotation(writer, tenants, tenantChanges, catalog, backups, tables),
            new StoreVerification(tenants, catalog, backups, tables),
            raft);
    listening(
        vertx
            .createHttpServer(
                TlsOptions.serverOptions(tls)
                    .setHost(config.admin().host())
                    .setPort(config.admin().port()))
            .requestHandler(admin.router(vertx))
            .listen()
            .onSuccess(tlsReloader::register),
        "admin API",
        "STRATA_ADMIN_HOST, STRATA_ADMIN_PORT",
        config.admin().host(),
        config.admin().port());
    return new StrataServer(
        vertx,
        processMetrics,
        data,
        store,
        writer,
        maintenance,
        flusher,
        apiDeployment,
        tls,
        tenantChanges,
        config.api().port(),
        config.admin().port(),
        operations.names(),
        firstTenant,
        raft);
  }

  public int apiPort() {
    return apiPort;
  }

  public int adminPort() {
    return adminPort;
  }

  /** The DynamoDB operations this server serves, by wire name. */
  public SortedSet<String> operationNames() {
    return operationNames;
  }

  /** Runs a change of tenants or their keys (what the admin API does; tests use it directly). */
  public <T> Future<T> changeTenants(Function<TenantChanges, WriteOp<T>> change) {
    return writer.submit(change.apply(tenantChanges));
  }

  public Path certificatePath() {
    return tls.certificatePath();
  }

  /** The first tenant's credentials if this start created it. */
  public Optional<Credentials> createdFirstTenant() {
    return Optional.ofNullable(firstTenant);
  }

  /**
   * Shuts down gracefully: stops accepting API requests and lets those in flight finish (the HTTP
   * servers' graceful shutdown), flushes the read usage metered since the last flush into the
   * ledger, stops everything else, then lets the writer commit what is queued and closes storage.
   */
  @Override
  public void close() throws Exception {
    maintenance.stop();
    vertx
        .undeploy(apiDeployment)
        .toCompletionStage()
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    try {
      flusher.flush().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      // A cluster member that does not lead cannot write; its reads stay unflushed (issue 18).
      LOG.warn(
          "the usage metered since the last flush was not flushed: {}", e.getCause().toString());
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    processMetrics.close();
    if (raft != null) {
      raft.close();
    }
    writer.close();
    store.close();
    dataDirectory.close();
    LOG.info("Strata stopped");
  }

  /**
   * Capacity and request-rate refills follow the service clock, so tests can drive them with a
   * manual one.
   */
  private static long nanosOf(Clock clock) {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static TlsMaterial tlsMaterial(StrataConfig config) {
    StrataConfig.Api api = config.api();
    if (api.tlsCertificateFile() != null && api.tlsPrivateKeyFile() != null) {
      return TlsMaterial.fromPemFiles(api.tlsCertificateFile(), api.tlsPrivateKeyFile());
    }
    return TlsMaterial.loadOrCreateSelfSigned(
        config.dataDirectory().resolve("tls"), api.tlsHostNames());
  }

  /** Who may scrape: holders of the token, or anyone who can reach the port when there is none. */
  private static Predicate<@Nullable String> metricsAuthorization(@Nullable String token) {
    if (token == null) {
      return header -> true;
    }
    return BearerToken.of(token)::admits;
  }

  /**
   * Waits until a server listens, or fails with the one line that says which address could not be
   * bound, its settings, and why (most often: another process has the port).
   */
  private static <T> T listening(
      Future<T> listen, String what, String settings, String host, int port) throws Exception {
    try {
      return listen.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new StartupException(
          "cannot listen on "
              + host
              + ":"
              + port
              + " for the "
              + what
              + " ("
              + settings
              + "): "
              + cause.getMessage(),
          cause);
    }
  }
}
