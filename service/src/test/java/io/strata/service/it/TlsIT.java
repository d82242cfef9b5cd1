package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.crypto.TlsMaterial;
import io.strata.service.testing.RawTls;
import io.strata.service.testing.StrataTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The API's TLS as a JDK client meets it: forward-secret AEAD suites only, and a renewed
 * certificate picked up without a restart. Old protocol versions, which the JDK will not offer, are
 * checked with hand-made hellos in {@code TlsPolicyIT}.
 */
@Timeout(120)
class TlsIT {
  private static Path served;
  private static StrataTestServer server;

  @BeforeAll
  static void start() throws IOException {
    served = Files.createTempDirectory("strata-tls");
    TlsMaterial first =
        TlsMaterial.loadOrCreateSelfSigned(Files.createTempDirectory("cert-a"), List.of());
    install(first);
    server =
        StrataTestServer.start(
            Map.of(
                "STRATA_TLS_CERT", served.resolve("cert.pem").toString(),
                "STRATA_TLS_KEY", served.resolve("key.pem").toString(),
                "STRATA_TLS_RELOAD_SECONDS", "1"));
  }

  @AfterAll
  static void stop() {
    server.closeQuietly();
  }

  /** Replaces the served files the way a renewal does: whole files, moved into place. */
  private static void install(TlsMaterial material) throws IOException {
    for (Path source : List.of(material.privateKeyPath(), material.certificatePath())) {
      Path staged = Files.copy(source, served.resolve(source.getFileName() + ".new"));
      Files.move(
          staged,
          served.resolve(source.getFileName()),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }
  }

  @Test
  void aRenewedCertificateIsServedWithoutARestart() throws Exception {
    String before = servedFingerprint();
    TlsMaterial renewed =
        TlsMaterial.loadOrCreateSelfSigned(Files.createTempDirectory("cert-b"), List.of());
    assertThat(renewed.fingerprintSha256()).isNotEqualTo(before);
    install(renewed);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    String after = before;
    while (after.equals(before) && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      after = servedFingerprint();
    }
    assertThat(after).isEqualTo(renewed.fingerprintSha256());
  }

  @Test
  void weakCipherSuitesAreRefused() throws Exception {
    for (String weak :
        List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_AES_128_GCM_SHA256")) {
      assertThatThrownBy(() -> handshake(new String[] {"TLSv1.2"}, weak))
          .as(weak)
          .isInstanceOf(SSLHandshakeException.class);
    }
    assertThat(handshake(new String[] {"TLSv1.2"}, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
        .isEqualTo("TLSv1.2");
    assertThat(handshake(new String[] {"TLSv1.3"}, null)).isEqualTo("TLSv1.3");
  }

  /** Shakes hands with these protocols (and only this suite, if given); returns the protocol. */
  private static String handshake(String[] protocols, String suite) throws Exception {
    try (SSLSocket socket = RawTls.socket(apiPort())) {
      socket.setEnabledProtocols(protocols);
      if (suite != null) {
        socket.setEnabledCipherSuites(new String[] {suite});
      }
      socket.setSoTimeout(5_000);
      socket.startHandshake();
      return socket.getSession().getProtocol();
    }
  }

  private static String servedFingerprint() throws Exception {
    try (SSLSocket socket = RawTls.socket(apiPort())) {
      socket.startHandshake();
      X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }
  }

  private static int apiPort() {
    return server.server().apiPort();
  }
}
