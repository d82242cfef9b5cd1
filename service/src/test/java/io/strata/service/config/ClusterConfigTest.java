package io.strata.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code STRATA_PEERS}, {@code STRATA_NODE_ID} and {@code STRATA_RAFT_PORT}, as an operator sets
 * them.
 */
class ClusterConfigTest {
  private static final String PEERS = "n1@10.0.0.1:9101,n2@10.0.0.2:9102,n3@10.0.0.3:9103";

  @Test
  void withoutPeersANodeIsAClusterOfItsOwn() {
    StrataConfig.Cluster cluster = ConfigLoader.load(Map.of()).cluster();

    assertThat(cluster.isReplicated()).isFalse();
  }

  @Test
  void aMemberFindsItselfAmongThePeersAndListensOnItsOwnRaftPort() {
    StrataConfig.Cluster cluster =
        ConfigLoader.load(Map.of("STRATA_PEERS", PEERS, "STRATA_NODE_ID", "n2")).cluster();

    assertThat(cluster.isReplicated()).isTrue();
    assertThat(cluster.peers())
        .extracting(StrataConfig.Cluster.Peer::toString)
        .containsExactly("n1@10.0.0.1:9101/8443", "n2@10.0.0.2:9102/8443", "n3@10.0.0.3:9103/8443");
    assertThat(cluster.raftPort()).isEqualTo(9102);
    assertThat(
            ConfigLoader.load(
                    Map.of(
                        "STRATA_PEERS", PEERS, "STRATA_NODE_ID", "n2", "STRATA_RAFT_PORT", "7000"))
                .cluster()
                .raftPort())
        .isEqualTo(7000);
  }

  @Test
  void eachPeerServesTheApiOnThisNodesPortUnlessItNamesItsOwn() {
    StrataConfig.Cluster cluster =
        ConfigLoader.load(
                Map.of(
                    "STRATA_PEERS",
                    "n1@10.0.0.1:9101/8001,n2@10.0.0.2:9102,n3@10.0.0.3:9103/8003",
                    "STRATA_NODE_ID",
                    "n2",
                    "STRATA_PORT",
                    "8002"))
            .cluster();

    assertThat(cluster.peers())
        .extracting(StrataConfig.Cluster.Peer::apiAddress)
        .containsExactly("10.0.0.1:8001", "10.0.0.2:8002", "10.0.0.3:8003");
    assertThat(cluster.raftPort()).isEqualTo(9102);
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of("STRATA_PEERS", "n1@10.0.0.1:9101/api", "STRATA_NODE_ID", "n1")))
        .hasMessageContaining("a port of '10.0.0.1:9101/api' is not a number");
  }

  @Test
  void aNodeThatIsToJoinTheGroupIsNotAmongThePeersAndGivesItsRaftPort() {
    StrataConfig.Cluster cluster =
        ConfigLoader.load(
                Map.of("STRATA_PEERS", PEERS, "STRATA_NODE_ID", "n4", "STRATA_RAFT_PORT", "9104"))
            .cluster();

    assertThat(cluster.peers()).extracting(StrataConfig.Cluster.Peer::id).doesNotContain("n4");
    assertThat(cluster.raftPort()).isEqualTo(9104);
  }

  @Test
  void aMemberMustBeNamedAmongThePeersOnce() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("STRATA_PEERS", PEERS)))
        .hasMessageContaining("STRATA_NODE_ID (cluster.nodeId) must name one of STRATA_PEERS");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of("STRATA_PEERS", PEERS + ",n1@10.0.0.4:9101", "STRATA_NODE_ID", "n1")))
        .hasMessageContaining("names a node twice");
    assertThatThrownBy(
            () -> ConfigLoader.load(Map.of("STRATA_PEERS", "n1:9101", "STRATA_NODE_ID", "n1")))
        .hasMessageContaining(
            "each of STRATA_PEERS (cluster.peers) is id@host:raftPort or id@host:raftPort/apiPort");
  }
}
