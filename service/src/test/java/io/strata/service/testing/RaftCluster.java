package io.strata.service.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.crypto.TlsMaterial;
import io.strata.service.admin.AdminCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A cluster of Strata processes on 127.0.0.1, one Raft group: {@code STRATA_PEERS} names every
 * member's Raft and API ports, each node has its own data directory, API, admin and metrics ports,
 * and all share one master key, as a cluster's members must, and one certificate, which they trust
 * when a follower forwards a write to the leader.
 */
public final class RaftCluster implements AutoCloseable {
  private static final String LEADS = " leads the Raft group";
  private static final String NO_LONGER_LEADS = " no longer leads the Raft group";

  private final List<ServerProcess> nodes;
  private final String peers;
  private final String masterKey;
  private final Map<String, String> environment;

  /** The links between members of a cluster started to be partitioned: from, to, link. */
  private final Map<String, Map<String, FaultyLink>> links = new HashMap<>();

  private RaftCluster(
      List<ServerProcess> nodes, String peers, String masterKey, Map<String, String> environment) {
    this.nodes = nodes;
    this.peers = peers;
    this.masterKey = masterKey;
    this.environment = environment;
  }

  /** The {@code STRATA_PEERS} entry of a member: its Raft and its API port on 127.0.0.1. */
  private static String peer(String nodeId, Map<String, String> ports) {
    return nodeId + "@127.0.0.1:" + ports.get("STRATA_RAFT_PORT") + "/" + ports.get("STRATA_PORT");
  }

  private static Map<String, String> freshPorts() {
    return Map.of(
        "STRATA_RAFT_PORT",
        Integer.toString(FreePorts.next()),
        "STRATA_PORT",
        Integer.toString(FreePorts.next()));
  }

  /** One self-signed certificate for every member (it names 127.0.0.1 and localhost). */
  private static Map<String, String> sharedCertificate() throws IOException {
    Path directory = Files.createTempDirectory("strata-cluster-tls");
    TlsMaterial tls = TlsMaterial.loadOrCreateSelfSigned(directory, List.of());
    return Map.of(
        "STRATA_TLS_CERT",
        tls.certificatePath().toString(),
        "STRATA_TLS_KEY",
        tls.privateKeyPath().toString());
  }

  /**
   * Starts {@code size} members, one after the other (each serves before the next starts), each
   * with {@code environment} too.
   */
  public static RaftCluster start(int size, Map<String, String> environment) throws Exception {
    List<Map<String, String>> ports = IntStream.range(0, size).mapToObj(i -> freshPorts()).toList();
    String peers =
        IntStream.range(0, size)
            .mapToObj(i -> peer(nodeId(i), ports.get(i)))
            .collect(Collectors.joining(","));
    RaftCluster cluster = create(environment, peers);
    try {
      for (int i = 0; i < size; i++) {
        cluster.nodes.add(cluster.startMember(nodeId(i), peers, ports.get(i)));
      }
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Starts {@code size} members whose Raft traffic goes through a {@link FaultyLink} for each
   * direction between two members (each member's {@code STRATA_PEERS} names its own links), so that
   * {@link #isolate} can cut a member off. Such a cluster takes no new members.
   */
  public static RaftCluster startPartitionable(int size, Map<String, String> environment)
      throws Exception {
    List<Map<String, String>> ports = IntStream.range(0, size).mapToObj(i -> freshPorts()).toList();
    RaftCluster cluster = create(environment, "");
    try {
      for (int from = 0; from < size; from++) {
        Map<String, FaultyLink> outgoing = new HashMap<>();
        for (int to = 0; to < size; to++) {
          if (to != from) {
            outgoing.put(
                nodeId(to), FaultyLink.to(Integer.parseInt(ports.get(to).get("STRATA_RAFT_PORT"))));
          }
        }
        cluster.links.put(nodeId(from), outgoing);
      }
      for (int i = 0; i < size; i++) {
        int self = i;
        String memberPeers =
            IntStream.range(0, size)
                .mapToObj(
                    to ->
                        to == self
                            ? peer(nodeId(to), ports.get(to))
                            : nodeId(to)
                                + "@127.0.0.1:"
                                + cluster.links.get(nodeId(self)).get(nodeId(to)).port()
                                + "/"
                                + ports.get(to).get("STRATA_PORT"))
                .collect(Collectors.joining(","));
        cluster.nodes.add(cluster.startMember(nodeId(i), memberPeers, ports.get(i)));
      }
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  private static RaftCluster create(Map<String, String> environment, String peers)
      throws IOException {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String masterKey = "cluster:" + Base64.getEncoder().encodeToString(secret);
    Map<String, String> settings = new HashMap<>(environment);
    settings.putAll(sharedCertificate());
    return new RaftCluster(new ArrayList<>(), peers, masterKey, settings);
  }

  /** Cuts every link to and from {@code node} (a cluster {@link #startPartitionable} started). */
  public void isolate(ServerProcess node) {
    String isolated = node.setting("STRATA_NODE_ID");
    links.forEach(
        (from, outgoing) ->
            outgoing.forEach(
                (to, link) -> {
                  if (from.equals(isolated) || to.equals(isolated)) {
                    link.cut();
                  }
                }));
  }

  /** Lets every link through again. */
  public void heal() {
    links.values().forEach(outgoing -> outgoing.values().forEach(FaultyLink::heal));
  }

  private ServerProcess startMember(
      String nodeId, String memberPeers, Map<String, String> extraEnvironment) throws Exception {
    Map<String, String> settings = new HashMap<>(environment);
    settings.putAll(extraEnvironment);
    settings.put("STRATA_NODE_ID", nodeId);
    settings.put("STRATA_PEERS", memberPeers);
    settings.put("STRATA_MASTER_KEY", masterKey);
    return ServerProcess.start(settings);
  }

  /**
   * Starts a node that is not a member yet, as an operator does before {@code ./strata admin
   * cluster add-node}: its {@code STRATA_PEERS} lists the group without it, and it gives its own
   * {@code STRATA_RAFT_PORT}, so it waits to be added instead of campaigning (a member would tell a
   * candidate it does not know to shut down). It is closed with the cluster.
   */
  public ServerProcess startNewNode() throws Exception {
    String nodeId = nodeId(nodes.size());
    ServerProcess node = startMember(nodeId, peers, freshPorts());
    nodes.add(node);
    return node;
  }

  /**
   * The address {@code ./strata admin cluster add-node} takes for a node that {@link #startNewNode}
   * started: its Raft and its API port.
   */
  public static String memberAddress(ServerProcess node) {
    return "127.0.0.1:" + node.setting("STRATA_RAFT_PORT") + "/" + node.setting("STRATA_PORT");
  }

  private static String nodeId(int index) {
    return "n" + (index + 1);
  }

  public List<ServerProcess> nodes() {
    return nodes;
  }

  /** Waits until the first tenant's credentials are in every running node's data directory. */
  public void awaitFirstTenant(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    for (ServerProcess node : nodes) {
      while (!Files.exists(node.dataDirectory().resolve("first-tenant.json"))) {
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError(
              "no first tenant on " + node.setting("STRATA_NODE_ID") + " within " + timeout);
        }
        Thread.sleep(50);
      }
    }
  }

  /**
   * The running node that leads the group, once exactly one says so in its log (a node logs each
   * change of its own leadership).
   */
  public ServerProcess awaitLeader(Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      List<ServerProcess> leaders = new ArrayList<>();
      for (ServerProcess node : nodes) {
        if (node.isRunning() && leads(node)) {
          leaders.add(node);
        }
      }
      if (leaders.size() == 1) {
        return leaders.get(0);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no single leader within " + timeout);
  }

  private static boolean leads(ServerProcess node) throws Exception {
    Optional<String> last =
        node.logLinesSinceStart().stream()
            .filter(line -> line.contains(LEADS) || line.contains(NO_LONGER_LEADS))
            .reduce((first, second) -> second);
    return last.isPresent() && last.get().contains(LEADS) && !last.get().contains(NO_LONGER_LEADS);
  }

  /**
   * Kills {@code node} and wipes its data directory (its store, its Raft log and snapshots, its
   * credentials), as a replaced disk would leave it; {@code node.restart("--initialize")} then
   * starts it empty.
   */
  public static void killAndWipe(ServerProcess node) throws Exception {
    node.kill();
    Path data = node.dataDirectory();
    for (String name : List.of("lmdb", "raft", "first-tenant.json", "admin-token")) {
      Path path = data.resolve(name);
      if (Files.exists(path)) {
        try (Stream<Path> tree = Files.walk(path)) {
          for (Path entry : tree.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(entry);
          }
        }
      }
    }
  }

  /** The snapshot files in {@code node}'s Raft storage ({@code snapshot.<term>_<index>}). */
  public static List<String> snapshots(ServerProcess node) throws IOException {
    try (Stream<Path> files = Files.walk(node.dataDirectory().resolve("raft"))) {
      return files
          .map(path -> path.getFileName().toString())
          .filter(name -> name.matches("snapshot\\.\\d+_\\d+"))
          .toList();
    }
  }

  /** What {@code ./strata admin ...} did: its exit status and what it printed. */
  public record AdminRun(int exitStatus, String out, String err) {}

  /**
   * Runs {@code ./strata admin ARGUMENTS} against {@code node}'s admin API, as its operator would.
   */
  public static AdminRun runAdmin(ServerProcess node, String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> command = new ArrayList<>();
    command.add("--url=https://localhost:" + node.setting("STRATA_ADMIN_PORT"));
    command.add("--data-dir=" + node.dataDirectory());
    command.add("--ca-cert=" + node.certificate());
    command.addAll(List.of(arguments));
    int exit =
        AdminCli.run(
            command.toArray(String[]::new), Map.of(), new PrintWriter(out), new PrintWriter(err));
    return new AdminRun(exit, out.toString(), err.toString());
  }

  /** Like {@link #runAdmin}, for a command that must succeed; what it printed. */
  public static String admin(ServerProcess node, String... arguments) {
    AdminRun run = runAdmin(node, arguments);
    if (run.exitStatus() != 0) {
      throw new AssertionError(
          "strata admin " + String.join(" ", arguments) + ": " + run.out() + " " + run.err());
    }
    return run.out();
  }

  /** What {@code ./strata admin cluster status} prints on {@code node}. */
  public static JsonNode clusterStatus(ServerProcess node) throws IOException {
    return new ObjectMapper().readTree(admin(node, "cluster", "status"));
  }

  /** Kills every member that still runs, and closes the links between them. */
  @Override
  public void close() {
    links.values().forEach(outgoing -> outgoing.values().forEach(FaultyLink::close));
    try {
      for (ServerProcess node : nodes) {
        node.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
