package io.strata.service.http;

import io.strata.crypto.TlsMaterial;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.util.Set;

/**
 * Adapts the crypto module's JDK key material to Vert.x: HTTPS only, TLS 1.2 and 1.3 only, HTTP/1.1
 * (what the AWS SDKs speak to DynamoDB).
 */
public final class TlsOptions {
  static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  private TlsOptions() {}

  public static HttpServerOptions serverOptions(TlsMaterial tls) {
    return new HttpServerOptions()
        .setSsl(true)
        .setKeyCertOptions(KeyCertOptions.wrap(tls.keyManagerFactory()))
        .setEnabledSecureTransportProtocols(PROTOCOLS)
        .setUseAlpn(false);
  }

  /** For reloading a renewed certificate into a running server. */
  public static ServerSSLOptions sslOptions(TlsMaterial tls) {
    return new ServerSSLOptions()
        .setKeyCertOptions(KeyCertOptions.wrap(tls.keyManagerFactory()))
        .setEnabledSecureTransportProtocols(PROTOCOLS);
  }
}
