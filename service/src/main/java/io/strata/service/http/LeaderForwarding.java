package io.strata.service.http;

import io.strata.crypto.TlsMaterial;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Where a cluster member that does not lead sends the writes it receives: to the leader's DynamoDB
 * API, as the client sent them, relaying the leader's answer as it came.
 *
 * <p><b>The client's own signature authenticates the forwarded request.</b> The follower has
 * already authenticated it (an unauthenticated caller learns nothing and never reaches the leader)
 * and then sends the same method, path, headers (among them {@code Host}, {@code X-Amz-Date} and
 * {@code Authorization}) and the same body bytes, so the leader verifies the same SigV4 signature
 * or bearer token against its own, committed view of the tenant's keys. There is no internal
 * credential that could leak or be forged, and the leader does everything a request needs once:
 * admission against the tenant's write capacity, idempotency tokens, metering. A signature stays
 * valid for DynamoDB's 15 minutes of clock skew, far longer than a forward takes.
 *
 * <p><b>What is forwarded.</b> Operations that write (any that is not read-only, so that a new
 * operation is forwarded unless it is declared to read only). Reads stay local: eventually
 * consistent ones read this member's store, strongly consistent ones wait for the read index
 * ({@code ReadBarrier}), which is linearizable on any member and costs the leader a heartbeat round
 * instead of the whole read. A request that came from another member is never forwarded again
 * ({@value #FORWARDED_BY}): when leadership moved meanwhile, the node that was the leader refuses
 * it retryably, as it refuses its own clients' writes.
 *
 * <p><b>No leader, no forward.</b> While no leader is known the request runs here and gets the
 * writer's retryable 503 naming no leader; a leader that does not answer gives a retryable 503 too,
 * since the write may or may not have been applied (as any 5xx from DynamoDB).
 *
 * <p>The leader's address is its Raft peer's client address ({@code STRATA_PEERS}' {@code
 * /apiPort}); its certificate must be trusted by the issuer of this node's own certificate ({@link
 * TlsMaterial#issuerTrustStore}) and name the peer's host.
 */
public final class LeaderForwarding {
  /** The request header naming the member that forwarded a request. */
  static final String FORWARDED_BY = "x-strata-forwarded-by";

  /** Hop-by-hop headers (RFC 9110 section 7.6.1) and those the client sets for its own message. */
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length");

  private static final long CONNECT_TIMEOUT_MILLIS = 2_000;

  /** Longer than the leader's proposal timeout (5 s), so its own refusal arrives first. */
  private static final long IDLE_TIMEOUT_MILLIS = 15_000;

  private static final LeaderForwarding NONE =
      new LeaderForwarding(null, "", Optional::empty, op -> false);

  private final @Nullable HttpClient client;
  private final String nodeId;
  private final Supplier<Optional<String>> leaderApiAddress;
  private final Predicate<String> isForwarded;

  private LeaderForwarding(
      @Nullable HttpClient client,
      String nodeId,
      Supplier<Optional<String>> leaderApiAddress,
      Predicate<String> isForwarded) {
    this.client = client;
    this.nodeId = nodeId;
    this.leaderApiAddress = leaderApiAddress;
    this.isForwarded = isForwarded;
  }

  /** A single node's: it leads itself and forwards nothing. */
  public static LeaderForwarding none() {
    return NONE;
  }

  /**
   * A cluster member's.
   *
   * @param leaderApiAddress {@code host:port} of the leader's API when another member leads
   * @param isForwarded whether an operation (by wire name) goes to the leader
   */
  public static LeaderForwarding toLeader(
      Vertx vertx,
      TlsMaterial tls,
      String nodeId,
      Supplier<Optional<String>> leaderApiAddress,
      Predicate<String> isForwarded) {
    HttpClientOptions options =
        new HttpClientOptions()
            .setSsl(true)
            .setVerifyHost(true)
            .setTrustOptions(TrustOptions.wrap(trust(tls)))
            .setKeepAlive(true)
            .setDecompressionSupported(false)
            .setConnectTimeout((int) CONNECT_TIMEOUT_MILLIS);
    return new LeaderForwarding(
        vertx.createHttpClient(options), nodeId, leaderApiAddress, isForwarded);
  }

  /**
   * The leader's API address if {@code operation}, received from a client, goes there; empty when
   * it is served here.
   */
  Optional<String> destination(HttpServerRequest request, String operation) {
    if (client == null || !isForwarded.test(operation) || request.getHeader(FORWARDED_BY) != null) {
      return Optional.empty();
    }
    return leaderApiAddress.get();
  }

  /** Sends {@code request} with its raw {@code body} to {@code leader} and relays the answer. */
  void forward(HttpServerRequest request, byte[] body, String leader, ResponseWriter writer) {
    HttpClient forwarder = client;
    if (forwarder == null) {
      throw new IllegalStateException("a single node forwards nothing");
    }
    HostAndPort server = HostAndPort.parseAuthority(leader, -1);
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setServer(SocketAddress.inetSocketAddress(server.port(), server.host()))
            .setHost(server.host())
            .setPort(server.port())
            .setURI(request.uri())
            .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
            .setIdleTimeout(IDLE_TIMEOUT_MILLIS);
    for (Map.Entry<String, String> header : request.headers()) {
      if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        options.addHeader(header.getKey(), header.getValue());
      }
    }
    options.putHeader(FORWARDED_BY, nodeId);
    String clientHost = request.getHeader("Host");
    forwarder
        .request(options)
        .compose(
            sent -> {
              // The client signed the Host it called; the leader must see that one, not its own.
              if (clientHost != null) {
                sent.authority(HostAndPort.parseAuthority(clientHost, -1));
              }
              return sent.send(Buffer.buffer(body));
            })
        .compose(
            answer ->
                answer
                    .body()
                    .onSuccess(bytes -> writer.relay(answer.statusCode(), answer.headers(), bytes)))
        .onFailure(
            failure ->
                writer.failure(
                    new DynamoException(
                        ErrorCode.SERVICE_UNAVAILABLE,
                        "The leader of this node's cluster ("
                            + leader
                            + ") did not answer the forwarded request ("
                            + failure.getMessage()
                            + "); retry it")));
  }

  private static TrustManagerFactory trust(TlsMaterial tls) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(tls.issuerTrustStore());
      return factory;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust this node's certificate issuer", e);
    }
  }
}
