package io.strata.service.testing;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A cluster of Strata processes on 127.0.0.1, one Raft group: {@code STRATA_PEERS} names every
 * member's Raft port, each node has its own data directory, API, admin and metrics ports, and all
 * share one master key, as a cluster's members must.
 */
public final class RaftCluster implements AutoCloseable {
  private static final String LEADS = " leads the Raft group";
  private static final String NO_LONGER_LEADS = " no longer leads the Raft group";

  private final List<ServerProcess> nodes;

  private RaftCluster(List<ServerProcess> nodes) {
    this.nodes = nodes;
  }

  /** Starts {@code size} members, one after the other (each serves before the next starts). */
  public static RaftCluster start(int size) throws Exception {
    List<Integer> raftPorts = IntStream.range(0, size).mapToObj(i -> FreePorts.next()).toList();
    String peers =
        IntStream.range(0, size)
            .mapToObj(i -> nodeId(i) + "@127.0.0.1:" + raftPorts.get(i))
            .collect(Collectors.joining(","));
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String masterKey = "cluster:" + Base64.getEncoder().encodeToString(secret);
    List<ServerProcess> nodes = new ArrayList<>();
    RaftCluster cluster = new RaftCluster(nodes);
    try {
      for (int i = 0; i < size; i++) {
        nodes.add(
            ServerProcess.start(
                Map.of(
                    "STRATA_NODE_ID", nodeId(i),
                    "STRATA_PEERS", peers,
                    "STRATA_MASTER_KEY", masterKey)));
      }
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
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

  /** Kills every member that still runs. */
  @Override
  public void close() {
    try {
      for (ServerProcess node : nodes) {
        node.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
