package io.strata.service.http;

import io.strata.crypto.TlsMaterial;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificate hot reload: re-reads the certificate and key files now and then and, when the
 * certificate changed (a renewal by cert-manager or an operator), hands it to every HTTPS server.
 * New connections get the new certificate; open ones keep theirs. A half-written or mismatched pair
 * is ignored until the files are whole again.
 */
public final class TlsReloader {
  private static final Logger LOG = LoggerFactory.getLogger(TlsReloader.class);

  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private volatile TlsMaterial current;

  public TlsReloader(TlsMaterial initial) {
    this.current = initial;
  }

  /** When the certificate being served now expires. */
  public Instant notAfter() {
    return current.notAfter();
  }

  /** A server to keep up to date; call once it listens. */
  public void register(HttpServer server) {
    servers.add(server);
  }

  public void start(Vertx vertx, Duration every) {
    vertx.setPeriodic(
        every.toMillis(), id -> vertx.executeBlocking(() -> reloadIfChanged(), false));
  }

  private boolean reloadIfChanged() {
    TlsMaterial fresh;
    try {
      fresh = TlsMaterial.fromPemFiles(current.certificatePath(), current.privateKeyPath());
    } catch (RuntimeException e) {
      LOG.warn("TLS files unreadable, keeping the current certificate: {}", e.getMessage());
      return false;
    }
    if (fresh.fingerprintSha256().equals(current.fingerprintSha256())) {
      return false;
    }
    current = fresh;
    for (HttpServer server : servers) {
      server.updateSSLOptions(TlsOptions.sslOptions(fresh));
    }
    LOG.info("reloaded the TLS certificate (valid until {})", fresh.notAfter());
    return true;
  }
}
