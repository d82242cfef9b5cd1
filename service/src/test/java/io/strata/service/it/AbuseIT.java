package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.RawTls;
import io.strata.service.testing.StrataTestServer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Clients that misbehave on purpose: dozens of connections trickling their headers a byte at a time
 * (slow loris), request heads far larger than any DynamoDB request, and ambiguous framing. Others
 * are still served.
 */
@Timeout(120)
class AbuseIT {
  @Test
  void slowClientsDoNotStopOthersFromBeingServed() throws Exception {
    StrataTestServer server = StrataTestServer.shared();
    AtomicBoolean trickling = new AtomicBoolean(true);
    List<SSLSocket> sockets = new ArrayList<>();
    List<Thread> tricklers = new ArrayList<>();
    try (DynamoDbClient client = server.client()) {
      String table = TablesIT.randomName();
      client.createTable(TablesIT.hashAndRange(table).build());
      Map<String, AttributeValue> key =
          Map.of("pk", AttributeValue.fromS("k"), "sk", AttributeValue.fromN("1"));
      client.putItem(b -> b.tableName(table).item(key));
      for (int i = 0; i < 40; i++) {
        SSLSocket socket = connect(server);
        sockets.add(socket);
        Thread trickler =
            new Thread(
                () -> {
                  byte[] request =
                      "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: DynamoDB_20120810.GetItem\r\n"
                          .getBytes(StandardCharsets.US_ASCII);
                  try {
                    OutputStream out = socket.getOutputStream();
                    for (int b = 0; trickling.get(); b = (b + 1) % request.length) {
                      out.write(request[b]);
                      out.flush();
                      Thread.sleep(100);
                    }
                  } catch (Exception closed) {
                    // the server or the test closed it
                  }
                });
        trickler.start();
        tricklers.add(trickler);
      }
      Thread.sleep(500);
      for (int i = 0; i < 50; i++) {
        Instant start = Instant.now();
        assertThat(client.getItem(b -> b.tableName(table).key(key)).hasItem()).isTrue();
        assertThat(Duration.between(start, Instant.now()))
            .as("a normal request while 40 connections trickle")
            .isLessThan(Duration.ofSeconds(2));
      }
    } finally {
      trickling.set(false);
      for (SSLSocket socket : sockets) {
        socket.close();
      }
      for (Thread trickler : tricklers) {
        trickler.join(5_000);
      }
    }
  }

  /**
   * Headers of twice DynamoDB's 16 KB limit, refused with DynamoDB's 400 (not HTTP's 431): small
   * enough that the whole request is written before the server refuses it and closes, which a
   * larger one could race (the client then sees a broken pipe instead of the answer).
   */
  @Test
  void oversizedHeadersAreBadRequests() throws Exception {
    String response =
        exchange(
            "POST / HTTP/1.1\r\nHost: localhost\r\nX-Padding: "
                + "a".repeat(32 * 1024)
                + "\r\nContent-Length: 2\r\n\r\n{}");
    assertThat(response).startsWith("HTTP/1.1 400 ");
  }

  /** A request line over DynamoDB's 16 KB limit: 400, not HTTP's 414. */
  @Test
  void oversizedRequestLinesAreBadRequests() throws Exception {
    String response =
        exchange(
            "POST /"
                + "x".repeat(17 * 1024)
                + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}");
    // Answered as HTTP/1.0: the version is on the line that could not be read.
    assertThat(response).startsWith("HTTP/1.0 400 ");
  }

  /**
   * A {@code Transfer-Encoding} that is not chunked, beside a {@code Content-Length}: a front proxy
   * that honours the one and a server that honours the other see different requests, which is how
   * requests are smuggled. Refused with 400 and the connection closed (RFC 9112 section 6.1), so
   * the request pipelined behind it is never served.
   */
  @Test
  void anAmbiguousTransferEncodingIsRefusedAndNothingBehindItIsServed() throws Exception {
    String response =
        exchange(
            "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: xchunked\r\n"
                + "Content-Length: 2\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n\r\n{}"
                + "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 400 ");
    assertThat(response.split("HTTP/1\\.1 ", -1)).as("responses on the connection").hasSize(2);
  }

  /**
   * Writes {@code request} on a fresh connection and reads until the server closes it; a server
   * that keeps the connection open fails the test with a read timeout.
   */
  private static String exchange(String request) throws Exception {
    try (SSLSocket socket = connect(StrataTestServer.shared())) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static SSLSocket connect(StrataTestServer server) throws Exception {
    SSLSocket socket = RawTls.socket(server.server().apiPort());
    socket.startHandshake();
    return socket;
  }
}
