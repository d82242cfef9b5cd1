package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.FreePorts;
import io.strata.service.testing.StrataTestServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The operator's endpoints are not open to the network by default: metrics (whose labels name every
 * tenant and table) and the admin API listen on loopback unless {@code STRATA_METRICS_HOST} and
 * {@code STRATA_ADMIN_HOST} say otherwise, and metrics can require a bearer token.
 */
@Timeout(120)
class OperatorEndpointsIT {
  @Test
  void metricsAndAdminListenOnLoopbackUnlessTold() throws Exception {
    InetAddress external = nonLoopbackAddress();
    StrataTestServer server = StrataTestServer.start(Map.of("STRATA_HOST", "0.0.0.0"));
    try {
      int metrics = server.metricsPort();
      int admin = server.server().adminPort();
      assertThat(connects(InetAddress.getLoopbackAddress(), metrics)).isTrue();
      assertThat(connects(InetAddress.getLoopbackAddress(), admin)).isTrue();
      assertThat(connects(external, metrics)).as("metrics on %s", external).isFalse();
      assertThat(connects(external, admin)).as("admin on %s", external).isFalse();
      assertThat(connects(external, server.server().apiPort()))
          .as("the API follows STRATA_HOST")
          .isTrue();
    } finally {
      server.closeQuietly();
    }
  }

  @Test
  void metricsListenWhereTheyAreTold() throws Exception {
    InetAddress external = nonLoopbackAddress();
    int port = FreePorts.next();
    StrataTestServer server =
        StrataTestServer.start(
            Map.of(
                "STRATA_METRICS_HOST",
                external.getHostAddress(),
                "STRATA_METRICS_PORT",
                Integer.toString(port)));
    try {
      assertThat(scrape(URI.create("http://" + external.getHostAddress() + ":" + port), null))
          .extracting(HttpResponse::statusCode)
          .isEqualTo(200);
    } finally {
      server.closeQuietly();
    }
  }

  @Test
  void aMetricsTokenIsRequiredOnceConfigured() throws Exception {
    StrataTestServer server = StrataTestServer.start(Map.of("STRATA_METRICS_TOKEN", "s3cret"));
    try {
      URI endpoint = URI.create("http://" + server.metricsTarget());

      HttpResponse<String> anonymous = scrape(endpoint, null);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"strata-metrics\"");
      assertThat(anonymous.body()).isEmpty();
      assertThat(scrape(endpoint, "Bearer wrong").statusCode()).isEqualTo(401);
      assertThat(scrape(endpoint, "s3cret").statusCode()).as("no scheme").isEqualTo(401);

      HttpResponse<String> authorized = scrape(endpoint, "Bearer s3cret");
      assertThat(authorized.statusCode()).isEqualTo(200);
      assertThat(authorized.body()).contains("ddb_writer_up 1");
    } finally {
      server.closeQuietly();
    }
  }

  private static HttpResponse<String> scrape(URI base, @Nullable String authorization)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/metrics"));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static boolean connects(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
      return true;
    } catch (ConnectException refused) {
      return false;
    } catch (IOException e) {
      throw new AssertionError("neither connected nor refused: " + address + ":" + port, e);
    }
  }

  /** An address of this machine other than loopback, where a remote scraper would connect. */
  private static InetAddress nonLoopbackAddress() throws IOException {
    for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (network.isUp() && !network.isLoopback()) {
        for (InetAddress address : Collections.list(network.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            return address;
          }
        }
      }
    }
    throw new AssertionError("this test needs a network interface with an IPv4 address");
  }
}
