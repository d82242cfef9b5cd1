package io.strata.service.http;

import io.strata.crypto.TlsMaterial;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Adapts the crypto module's JDK key material to Vert.x: HTTPS only, TLS 1.2 and 1.3 only, HTTP/1.1
 * (what the AWS SDKs speak to DynamoDB).
 */
public final class TlsOptions {
  static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
  static final int IDLE_TIMEOUT_SECONDS = 120;

  /**
   * DynamoDB's limits on a request's headers (together) and on its request line: SigV4 requests
   * need a few hundred bytes, anything over 16 KB is refused with 400 (see ApiVerticle).
   */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  static final int MAX_REQUEST_LINE_BYTES = 16 * 1024;

  /**
   * Forward-secret AEAD suites only: TLS 1.3's, and TLS 1.2's ECDHE with AES-GCM or ChaCha20 (for
   * RSA and EC certificates). No CBC, RC4, 3DES, static RSA key exchange, NULL or anonymous suites.
   */
  static final List<String> CIPHER_SUITES =
      List.of(
          "TLS_AES_256_GCM_SHA384",
          "TLS_AES_128_GCM_SHA256",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private TlsOptions() {}

  public static HttpServerOptions serverOptions(TlsMaterial tls) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setSsl(true)
            .setKeyCertOptions(KeyCertOptions.wrap(tls.keyManagerFactory()))
            .setEnabledSecureTransportProtocols(PROTOCOLS)
            .setUseAlpn(false)
            // Connections that say nothing for this long are closed: slow or abandoned clients
            // cannot pin connections forever. The SDKs reconnect transparently.
            .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            .setMaxHeaderSize(MAX_HEADER_BYTES)
            .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES);
    CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
    if (OpenSSLEngineOptions.isAvailable()) {
      options.setSslEngineOptions(new OpenSSLEngineOptions());
    }
    return options;
  }

  /** For reloading a renewed certificate into a running server. */
  public static ServerSSLOptions sslOptions(TlsMaterial tls) {
    ServerSSLOptions options =
        new ServerSSLOptions()
            .setKeyCertOptions(KeyCertOptions.wrap(tls.keyManagerFactory()))
            .setEnabledSecureTransportProtocols(PROTOCOLS);
    CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
    return options;
  }
}
