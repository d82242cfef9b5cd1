package io.strata.service.testing;

import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Raw TLS sockets to a server under test, accepting whatever certificate it presents: for tests
 * about the TLS layer itself (which certificate, which protocol) or about raw bytes on the wire.
 */
public final class RawTls {
  private RawTls() {}

  /** A socket connected to {@code localhost:port}, handshake not yet done. */
  public static SSLSocket socket(int port) throws Exception {
    SSLSocket socket =
        (SSLSocket) trustingEverything().getSocketFactory().createSocket("localhost", port);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static SSLContext trustingEverything() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    context.init(null, new TrustManager[] {trustAll}, null);
    return context;
  }
}
