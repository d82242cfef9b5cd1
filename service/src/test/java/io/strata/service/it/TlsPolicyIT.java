package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.it.ClientHellos.ServerAnswer;
import io.strata.service.testing.Clients;
import io.strata.service.testing.StrataTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API port speaks TLS 1.2 and 1.3 only (ARCHITECTURE.md, step 1) and never agrees to a weak
 * cipher suite. Offers are made with hand-built ClientHellos ({@link ClientHellos}) because the JDK
 * client would refuse to offer the weak ones itself; a strong offer through the same code is the
 * control that shows a refusal means the server refused.
 *
 * <p>The generated certificate has an EC key, so the ECDSA suites are the ones a weak configuration
 * could actually negotiate; RSA ones are offered too, for a server configured with an RSA
 * certificate.
 */
@Timeout(60)
class TlsPolicyIT {
  private static final String HOST = "localhost";
  private static int port;
  private static StrataTestServer server;

  /** Name to IANA code point of broken suites: 3DES, DES, RC4, NULL, anonymous, export. */
  private static final Map<String, Integer> BROKEN_SUITES =
      Map.ofEntries(
          Map.entry("TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", 0xC008),
          Map.entry("TLS_RSA_WITH_3DES_EDE_CBC_SHA", 0x000A),
          Map.entry("TLS_ECDHE_ECDSA_WITH_NULL_SHA", 0xC006),
          Map.entry("TLS_RSA_WITH_NULL_SHA256", 0x003B),
          Map.entry("TLS_NULL_WITH_NULL_NULL", 0x0000),
          Map.entry("TLS_ECDH_anon_WITH_AES_128_CBC_SHA", 0xC018),
          Map.entry("TLS_DH_anon_WITH_AES_128_GCM_SHA256", 0x00A6),
          Map.entry("TLS_RSA_EXPORT_WITH_RC4_40_MD5", 0x0003),
          Map.entry("TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", 0x0008),
          Map.entry("TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", 0xC007),
          Map.entry("TLS_RSA_WITH_DES_CBC_SHA", 0x0009));

  /** CBC with HMAC-SHA1 (Lucky13-prone, no AEAD), and RSA key exchange (no forward secrecy). */
  private static final Map<String, Integer> LEGACY_CBC_SHA1_SUITES =
      Map.ofEntries(
          Map.entry("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", 0xC009),
          Map.entry("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", 0xC00A),
          Map.entry("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", 0xC013),
          Map.entry("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", 0xC014),
          Map.entry("TLS_RSA_WITH_AES_128_CBC_SHA", 0x002F),
          Map.entry("TLS_RSA_WITH_AES_256_CBC_SHA", 0x0035));

  private static final int[] STRONG_TLS12_SUITES = {0xC02B, 0xC02C, 0xC02F, 0xC030, 0xCCA9};

  @BeforeAll
  static void connect() {
    server = StrataTestServer.shared();
    port = server.endpoint().getPort();
  }

  @Test
  void aStrongTls12OfferIsAcceptedByTheSameRawClient() throws Exception {
    ServerAnswer answer = ClientHellos.offer(HOST, port, ClientHellos.TLS_1_2, STRONG_TLS12_SUITES);
    assertThat(answer.isServerHello()).as(answer.description()).isTrue();
    assertThat(answer.version()).isEqualTo(ClientHellos.TLS_1_2);
    assertThat(STRONG_TLS12_SUITES).contains(answer.cipherSuite());
  }

  @ParameterizedTest(name = "client version 0x{0}")
  @ValueSource(ints = {0x0300, ClientHellos.TLS_1_0, ClientHellos.TLS_1_1})
  void handshakesBelowTls12AreRefused(int version) throws Exception {
    // Offer suites that TLS 1.0/1.1 could use, strong ones included, so only the version decides.
    int[] suites = {0xC009, 0xC00A, 0xC013, 0xC014, 0x002F, 0x0035, 0xC02B, 0xC02F};
    ServerAnswer answer = ClientHellos.offer(HOST, port, version, suites);
    assertThat(answer.isServerHello() && answer.version() < ClientHellos.TLS_1_2)
        .as("server answered %s", answer.description())
        .isFalse();
    assertThat(answer.isServerHello()).as(answer.description()).isFalse();
  }

  @Test
  void noBrokenCipherSuiteIsNegotiable() throws Exception {
    assertThat(acceptedAmong(BROKEN_SUITES)).as("broken suites the server agreed to").isEmpty();
  }

  @Test
  void noLegacyCbcSha1CipherSuiteIsNegotiable() throws Exception {
    assertThat(acceptedAmong(LEGACY_CBC_SHA1_SUITES))
        .as("CBC-SHA1 suites the server agreed to")
        .isEmpty();
  }

  /** The names of the suites the server accepts when each is offered alone over TLS 1.2. */
  private static List<String> acceptedAmong(Map<String, Integer> suites) throws Exception {
    List<String> accepted = new ArrayList<>();
    for (Map.Entry<String, Integer> suite : suites.entrySet()) {
      ServerAnswer answer = ClientHellos.offer(HOST, port, ClientHellos.TLS_1_2, suite.getValue());
      if (answer.isServerHello()) {
        accepted.add(suite.getKey());
      }
    }
    return accepted;
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void javaClientsNegotiateTls12And13(String protocol) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, Clients.trustManagers(server.certificate()).getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(HOST, port)) {
      socket.setEnabledProtocols(new String[] {protocol});
      socket.startHandshake();
      assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
    }
  }
}
