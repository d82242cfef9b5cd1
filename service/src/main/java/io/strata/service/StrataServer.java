package io.strata.service;

import io.strata.billing.UsageMetrics;
import io.strata.billing.UsagePrices;
import io.strata.billing.UsageRecorder;
import io.strata.crypto.KeyRing;
import io.strata.crypto.MasterKey;
import io.strata.crypto.TlsMaterial;
import io.strata.service.admin.AdminApi;
import io.strata.service.admin.AdminToken;
import io.strata.service.admin.DataKeyRotation;
import io.strata.service.admin.UsageReports;
import io.strata.service.api.Operations;
import io.strata.service.backup.BackupCatalog;
import io.strata.service.cache.ItemCache;
import io.strata.service.cache.QueryCache;
import io.strata.service.config.StrataConfig;
import io.strata.service.http.ApiVerticle;
import io.strata.service.http.CallerAuthenticator;
import io.strata.service.http.RequestRates;
import io.strata.service.http.TlsOptions;
import io.strata.service.http.TlsReloader;
import io.strata.service.item.IndexBackfiller;
import io.strata.service.item.ItemStore;
import io.strata.service.item.TransactionTokens;
import io.strata.service.metering.Metering;
import io.strata.service.metering.MetricsEndpoint;
import io.strata.service.metering.UsageFlusher;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.Writer;
import io.strata.service.stream.StreamLog;
import io.strata.service.stream.StreamReader;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TablePurger;
import io.strata.service.table.TableStats;
import io.strata.service.tenant.Credentials;
import io.strata.service.tenant.FirstTenant;
import io.strata.service.tenant.JwtIssuers;
import io.strata.service.tenant.TenantDirectory;
import io.strata.service.tenant.TenantQuotas;
import io.strata.service.ttl.TtlSweeper;
import io.strata.tenancy.Authenticator;
import io.strata.tenancy.CapacityGate;
import io.strata.tenancy.CapacityQuota;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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

  /** How often read usage and storage samples reach the ledger: the most a crash can lose. */
  private static final long USAGE_FLUSH_MILLIS = 1_000;

  /** Stream records older than 24 hours are removed in batches this often. */
  private static final long STREAM_TRIM_MILLIS = 60_000;

  private static final int STREAM_TRIM_BATCH = 5_000;

  /**
   * Transaction idempotency tokens past their window are dropped this often, at most this many per
   * writer op (another op follows at once while a backlog remains).
   */
  private static final long TOKEN_PURGE_MILLIS = 60_000;

  private static final int TOKEN_PURGE_BATCH = 5_000;

  /** Expired items are looked for this often, and deleted at most this many per writer op. */
  private static final long TTL_SWEEP_MILLIS = 1_000;

  private static final int TTL_BATCH = 100;

  private final Vertx vertx;
  private final LmdbStore store;
  private final Writer writer;
  private final UsageFlusher flusher;
  private final String apiDeployment;
  private final TlsMaterial tls;
  private final TenantDirectory tenants;
  private final int apiPort;
  private final int adminPort;
  private final @Nullable Credentials firstTenant;

  private StrataServer(
      Vertx vertx,
      LmdbStore store,
      Writer writer,
      UsageFlusher flusher,
      String apiDeployment,
      TlsMaterial tls,
      TenantDirectory tenants,
      int apiPort,
      int adminPort,
      @Nullable Credentials firstTenant) {
    this.vertx = vertx;
    this.store = store;
    this.writer = writer;
    this.flusher = flusher;
    this.apiDeployment = apiDeployment;
    this.tls = tls;
    this.tenants = tenants;
    this.apiPort = apiPort;
    this.adminPort = adminPort;
    this.firstTenant = firstTenant;
  }

  /** Starts the service and returns once it accepts requests. */
  public static StrataServer start(StrataConfig config, Clock clock) throws Exception {
    Path dataDirectory = config.dataDirectory();
    createDirectory(dataDirectory);
    KeyRing keyRing =
        new KeyRing(
            masterKey(config),
            config.security().retiredMasterKeys().stream().map(MasterKey::parse).toList());
    TlsMaterial tls = tlsMaterial(config);

    StrataConfig.Storage storage = config.storage();
    LmdbStore store =
        LmdbStore.open(dataDirectory.resolve("lmdb"), storage.mapSizeBytes(), storage.maxReaders());
    Writer writer =
        new Writer(
            store,
            storage.writerMaxQueuedOps(),
            storage.writerMaxQueuedBytes(),
            storage.writerMaxBatchOps(),
            storage.writerMaxBatchBytes());
    TableStats stats = new TableStats();
    TablePurger purger = new TablePurger(writer);
    TableCatalog catalog = new TableCatalog(writer);
    catalog.addListener(purger);
    TenantDirectory tenants = new TenantDirectory(writer, keyRing, clock);
    JwtIssuers jwtIssuers = new JwtIssuers(config.security().jwtIssuers(), writer);
    stats.load(store);
    catalog.load(store);
    tenants.load(store);
    int rewrapped = tenants.rewrapDataKeys().toCompletionStage().toCompletableFuture().get();
    if (rewrapped > 0) {
      LOG.info(
          "re-wrapped {} data keys with master key {}; retired master keys are no longer needed",
          rewrapped,
          keyRing.currentMasterKeyId());
    }
    jwtIssuers.load(store);
    purger.resume(store);
    BackupCatalog backups = new BackupCatalog(writer, purger);
    backups.load(store);

    Credentials firstTenant = null;
    if (tenants.isEmpty()) {
      firstTenant =
          tenants
              .createTenant("default", defaultQuotas(config))
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      Path file = FirstTenant.write(dataDirectory, firstTenant);
      LOG.info(
          "created the first tenant {}; its credentials are in {}", firstTenant.tenantId(), file);
    }

    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(config.api().eventLoops())
                .setPreferNativeTransport(false));
    WorkerExecutor readPool = vertx.createSharedWorkerExecutor("lmdb-read", storage.readThreads());
    ItemCache cache = new ItemCache(writer::commits, config.cache().maxBytesPerTenant());
    writer.addCommitListener(cache);
    QueryCache queryCache =
        new QueryCache(writer::commits, config.cache().maxQueryBytesPerTenant());
    writer.addCommitListener(queryCache);
    StreamLog streamLog = new StreamLog(tenants);
    ItemStore items =
        new ItemStore(
            store,
            writer,
            readPool,
            tenants,
            stats,
            cache,
            streamLog,
            config.limits().itemCollectionBytes());
    UsageMetrics usageMetrics =
        new UsageMetrics(config.metrics().maxTenants(), config.metrics().maxTablesPerTenant());
    UsageRecorder reads = new UsageRecorder();
    Metering metering =
        new Metering(
            new CapacityGate(() -> nanosOf(clock), CapacityQuota.DEFAULT),
            usageMetrics,
            reads,
            tenants);
    catalog.addListener(metering);
    UsageFlusher flusher = new UsageFlusher(reads, catalog, stats, writer, clock);
    vertx.setPeriodic(USAGE_FLUSH_MILLIS, id -> flusher.flush());
    vertx
        .createHttpServer()
        .requestHandler(new MetricsEndpoint(usageMetrics, catalog, stats, writer, store))
        .listen(config.metrics().port(), config.metrics().host())
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    StreamReader streamReader = new StreamReader(store, readPool, streamLog);
    vertx.setPeriodic(
        STREAM_TRIM_MILLIS,
        id ->
            writer.submit(
                view ->
                    streamLog.trim(
                        view,
                        catalog.all(),
                        clock.instant().minus(StreamLog.RETENTION),
                        STREAM_TRIM_BATCH)));
    vertx.setPeriodic(TOKEN_PURGE_MILLIS, id -> purgeTransactionTokens(writer, clock));
    IndexBackfiller backfiller = new IndexBackfiller(items, catalog);
    catalog.addListener(backfiller);
    backfiller.resume(catalog.all());
    TtlSweeper sweeper = new TtlSweeper(store, readPool, items, catalog, clock, TTL_BATCH);
    catalog.addListener(sweeper);
    sweeper.start(vertx, TTL_SWEEP_MILLIS);
    Operations operations =
        Operations.all(
            catalog,
            stats,
            items,
            streamReader,
            backups,
            queryCache,
            purger,
            tenants,
            metering,
            clock,
            config);
    HttpServerOptions options =
        TlsOptions.serverOptions(tls).setHost(config.api().host()).setPort(config.api().port());
    CallerAuthenticator authenticator =
        new CallerAuthenticator(
            Authenticator.create(tenants::resolve, jwtIssuers, clock), tenants, DEFAULT_REGION);
    RequestRates rates =
        new RequestRates(config.limits(), Operations::isControlPlane, System::nanoTime);
    TlsReloader tlsReloader = new TlsReloader(tls);
    tlsReloader.start(vertx, Duration.ofSeconds(config.api().tlsReloadSeconds()));
    String apiDeployment =
        vertx
            .deployVerticle(
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
                    .setInstances(config.api().eventLoops()))
            .toCompletionStage()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    AdminToken adminToken = AdminToken.configuredOrGenerated(config.admin().token(), dataDirectory);
    StrataConfig.Prices prices = config.prices();
    UsageReports usageReports =
        new UsageReports(
            flusher,
            store,
            readPool,
            UsagePrices.of(
                prices.currency(),
                prices.perMillionReadUnits(),
                prices.perMillionWriteUnits(),
                prices.perGbMonth()));
    AdminApi admin =
        new AdminApi(
            tenants,
            jwtIssuers,
            catalog,
            writer,
            adminToken,
            defaultQuotas(config),
            usageReports,
            store,
            vertx,
            new DataKeyRotation(tenants, catalog, backups, items));
    vertx
        .createHttpServer(
            TlsOptions.serverOptions(tls)
                .setHost(config.admin().host())
                .setPort(config.admin().port()))
        .requestHandler(admin.router(vertx))
        .listen()
        .onSuccess(tlsReloader::register)
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    LOG.info(
        "Strata is serving DynamoDB on https://{}:{}", config.api().host(), config.api().port());
    LOG.info("admin API on https://{}:{}", config.admin().host(), config.admin().port());
    return new StrataServer(
        vertx,
        store,
        writer,
        flusher,
        apiDeployment,
        tls,
        tenants,
        config.api().port(),
        config.admin().port(),
        firstTenant);
  }

  public int apiPort() {
    return apiPort;
  }

  public int adminPort() {
    return adminPort;
  }

  /** Tenant administration (the admin API and tests go through this). */
  public TenantDirectory tenants() {
    return tenants;
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
    vertx
        .undeploy(apiDeployment)
        .toCompletionStage()
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    flusher.flush().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    writer.close();
    store.close();
    LOG.info("Strata stopped");
  }

  /** Capacity refills follow the service clock, so tests can drive them with a manual one. */
  private static void purgeTransactionTokens(Writer writer, Clock clock) {
    writer
        .submit(view -> TransactionTokens.purge(view, clock.instant(), TOKEN_PURGE_BATCH))
        .onSuccess(
            purged -> {
              if (purged == TOKEN_PURGE_BATCH) {
                purgeTransactionTokens(writer, clock);
              }
            });
  }

  private static long nanosOf(Clock clock) {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static MasterKey masterKey(StrataConfig config) {
    String configured = config.security().masterKey();
    if (configured != null) {
      return MasterKey.parse(configured);
    }
    Path file = config.security().masterKeyFile();
    return MasterKey.loadOrCreate(
        file != null ? file : config.dataDirectory().resolve("master.key"));
  }

  private static TlsMaterial tlsMaterial(StrataConfig config) {
    StrataConfig.Api api = config.api();
    if (api.tlsCertificateFile() != null && api.tlsPrivateKeyFile() != null) {
      return TlsMaterial.fromPemFiles(api.tlsCertificateFile(), api.tlsPrivateKeyFile());
    }
    return TlsMaterial.loadOrCreateSelfSigned(
        config.dataDirectory().resolve("tls"), api.tlsHostNames());
  }

  private static TenantQuotas defaultQuotas(StrataConfig config) {
    return new TenantQuotas(0, 0, 0, 0, config.limits().maxTablesPerTenant());
  }

  private static void createDirectory(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + directory, e);
    }
  }
}
