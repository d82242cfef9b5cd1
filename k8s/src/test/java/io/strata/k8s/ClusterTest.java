package io.strata.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pods as a Raft group: how many, their ids and peer addresses (STRATA_PEERS through the
 * headless Service), the Raft port, the disruption budget, anti-affinity and the preStop hook that
 * moves the leadership; and {@code replicas: 1}, which renders the single node of before clusters.
 */
@Timeout(60)
class ClusterTest {
  private static final String HEADLESS = Chart.FULLNAME + "-headless";

  @Test
  void runsAGroupOfThreeByDefault() {
    assertThat(Chart.renderDefaults().one("StatefulSet").get("spec.replicas").integer())
        .isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 5})
  void eachMemberIsItsPodAndListsEveryReplicaByItsHeadlessDnsName(int replicas) {
    Manifests rendered = Chart.withValues().set("replicas", replicas).render();

    Node statefulSet = rendered.one("StatefulSet");
    assertThat(statefulSet.get("spec.replicas").integer()).isEqualTo(replicas);
    assertThat(statefulSet.get("spec.serviceName").text()).isEqualTo(HEADLESS);
    assertThat(statefulSet.get("spec.podManagementPolicy").text()).isEqualTo("Parallel");
    Node environment = rendered.container().get("env");
    assertThat(environment.named("STRATA_NODE_ID").get("valueFrom.fieldRef.fieldPath").text())
        .isEqualTo("metadata.name");
    assertThat(peers(rendered)).isEqualTo(expectedPeers(replicas, 9101));
    assertThat(StatefulSetTest.environment(rendered).get("STRATA_RAFT_PORT")).isEqualTo("9101");
  }

  @Test
  void theHeadlessServicePublishesEveryMembersRaftPortReadyOrNot() {
    Manifests rendered = Chart.renderDefaults();

    Node headless = rendered.find("Service", HEADLESS).orElseThrow();
    assertThat(headless.get("spec.clusterIP").text()).isEqualTo("None");
    assertThat(headless.get("spec").flag("publishNotReadyAddresses"))
        .as("a group elects its first leader before any member is ready")
        .isTrue();
    ServiceTest.assertSelectsPod(rendered, headless.get("spec.selector"));
    Node raft = headless.get("spec.ports").named("raft");
    assertThat(raft.get("port").integer()).isEqualTo(9101);
    assertThat(StatefulSetTest.containerPort(rendered, raft.get("targetPort").value()))
        .isEqualTo(9101);
    assertThat(rendered.clientService().get("spec.ports").findNamed("raft"))
        .as("Raft stays off the clients' Service")
        .isEmpty();
  }

  @Test
  void theRaftPortFollowsValues() {
    Manifests rendered =
        Chart.withValues().set("ports.raft", 9200).set("cluster.domain", "corp.local").render();

    assertThat(peers(rendered))
        .allMatch(peer -> peer.endsWith(".db.svc.corp.local:9200"))
        .hasSize(3);
    assertThat(StatefulSetTest.containerPorts(rendered)).containsEntry("raft", 9200);
    assertThat(StatefulSetTest.environment(rendered).get("STRATA_RAFT_PORT")).isEqualTo("9200");
    assertThat(
            rendered
                .find("Service", HEADLESS)
                .orElseThrow()
                .get("spec.ports")
                .named("raft")
                .get("port")
                .integer())
        .isEqualTo(9200);
  }

  @Test
  void podsBeyondTheInitialMembersAreNotPeersAndWaitToBeAdded() {
    Manifests rendered =
        Chart.withValues().set("replicas", 4).set("cluster.initialMembers", 3).render();

    assertThat(rendered.one("StatefulSet").get("spec.replicas").integer()).isEqualTo(4);
    assertThat(peers(rendered))
        .as("the same STRATA_PEERS as the group of 3 had, so its pods do not restart")
        .isEqualTo(expectedPeers(3, 9101))
        .isEqualTo(peers(Chart.renderDefaults()));
    assertThat(StatefulSetTest.environment(rendered)).containsEntry("STRATA_RAFT_PORT", "9101");
    assertThatThrownBy(
            Chart.withValues().set("replicas", 3).set("cluster.initialMembers", 4)::renderText)
        .hasMessageContaining("cluster.initialMembers (4) cannot exceed replicas (3)");
  }

  @Test
  void aSingleReplicaRendersTheSingleNodeWithoutPeers() {
    Manifests rendered = Chart.withValues().withoutMasterKey().set("replicas", 1).render();

    Node statefulSet = rendered.one("StatefulSet");
    assertThat(statefulSet.get("spec.replicas").integer()).isEqualTo(1);
    assertThat(statefulSet.get("spec.serviceName").text()).isEqualTo(Chart.FULLNAME);
    assertThat(statefulSet.find("spec.podManagementPolicy")).isEmpty();
    assertThat(rendered.find("Service", HEADLESS)).isEmpty();
    assertThat(variableNames(rendered))
        .doesNotContain("STRATA_PEERS", "STRATA_NODE_ID", "STRATA_RAFT_PORT");
    assertThat(StatefulSetTest.containerPorts(rendered)).doesNotContainKey("raft");
    assertThat(rendered.container().find("lifecycle")).isEmpty();
    assertThat(rendered.podSpec().find("affinity")).isEmpty();
    assertThat(rendered.one("PodDisruptionBudget").get("spec.maxUnavailable").integer()).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 5})
  void theBudgetLetsOneMemberGoAtATime(int replicas) {
    Manifests rendered = Chart.withValues().set("replicas", replicas).render();

    Node budget = rendered.one("PodDisruptionBudget");
    assertThat(budget.get("spec.maxUnavailable").integer()).isEqualTo(1);
    ServiceTest.assertSelectsPod(rendered, budget.get("spec.selector.matchLabels"));
  }

  @Test
  void membersPreferDifferentNodesByDefault() {
    Manifests rendered = Chart.renderDefaults();

    List<Node> preferred =
        rendered
            .podSpec()
            .get("affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution")
            .items();
    assertThat(preferred).hasSize(1);
    Node term = preferred.get(0).get("podAffinityTerm");
    assertThat(term.get("topologyKey").text()).isEqualTo("kubernetes.io/hostname");
    ServiceTest.assertSelectsPod(rendered, term.get("labelSelector.matchLabels"));
    assertThat(
            rendered
                .podSpec()
                .find(
                    "affinity.podAntiAffinity.requiredDuring" + "SchedulingIgnoredDuringExecution"))
        .isEmpty();
  }

  @Test
  void membersCanBeRequiredOnDifferentZones() {
    Manifests rendered =
        Chart.withValues()
            .set("podAntiAffinity.type", "required")
            .set("podAntiAffinity.topologyKey", "topology.kubernetes.io/zone")
            .render();

    List<Node> required =
        rendered
            .podSpec()
            .get("affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution")
            .items();
    assertThat(required).hasSize(1);
    assertThat(required.get(0).get("topologyKey").text()).isEqualTo("topology.kubernetes.io/zone");
    ServiceTest.assertSelectsPod(rendered, required.get(0).get("labelSelector.matchLabels"));
  }

  @Test
  void antiAffinityGivesWayToTheUsersAndCanBeTurnedOff() {
    Manifests own =
        Chart.withValues()
            .valuesFile(
                """
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                        - matchExpressions:
                            - {key: disk, operator: In, values: [ssd]}
                  podAntiAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      - topologyKey: rack
                        labelSelector: {matchLabels: {app: strata}}
                """)
            .render();
    Node affinity = own.podSpec().get("affinity");
    assertThat(affinity.find("nodeAffinity")).isPresent();
    assertThat(
            affinity.get("podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution").items())
        .singleElement()
        .satisfies(term -> assertThat(term.get("topologyKey").text()).isEqualTo("rack"));
    assertThat(affinity.find("podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution"))
        .isEmpty();

    assertThat(
            Chart.withValues().set("podAntiAffinity.type", "").render().podSpec().find("affinity"))
        .isEmpty();
    assertThatThrownBy(Chart.withValues().set("podAntiAffinity.type", "soft")::renderText)
        .hasMessageContaining("podAntiAffinity.type is preferred, required or empty");
  }

  @Test
  void preStopMovesTheLeadershipThroughThePodsOwnAdminApi() {
    List<String> command = preStop(Chart.renderDefaults());

    assertThat(command.subList(0, 2)).containsExactly("sh", "-c");
    List<String> words = Arrays.asList(command.get(2).split(" "));
    assertThat(words).startsWith("exec", "java").contains("-Xmx64m");
    assertThat(words.subList(words.indexOf("io.strata.service.Main"), words.size()))
        .containsExactly(
            "io.strata.service.Main",
            "admin",
            "--url",
            "\"https://127.0.0.1:8444\"",
            "--ca-cert",
            "/etc/strata/tls/tls.crt",
            "cluster",
            "transfer-leadership");
  }

  @Test
  void preStopFollowsTheAdminApisAddressPortAndCertificate() {
    Manifests rendered =
        Chart.withValues()
            .set("admin.onPodAddress", true)
            .set("ports.admin", 4444)
            .set("tls.existingSecret", "strata-cert")
            .render();

    String script = preStop(rendered).get(2);
    assertThat(script)
        .contains("--url \"https://${STRATA_ADMIN_HOST}:4444\"")
        .contains("--ca-cert /etc/strata/tls/tls.crt");
    assertThat(variableNames(rendered)).contains("STRATA_ADMIN_HOST");
  }

  @Test
  void theGracePeriodCoversThePreStopHookAndCanTurnItOff() {
    assertThat(Chart.renderDefaults().podSpec().get("terminationGracePeriodSeconds").integer())
        .as("up to ~15 s to move the leadership, then the server's drain")
        .isGreaterThanOrEqualTo(30);
    assertThat(
            Chart.withValues()
                .set("cluster.transferLeadershipOnStop", false)
                .render()
                .container()
                .find("lifecycle"))
        .isEmpty();
  }

  private static List<String> preStop(Manifests rendered) {
    return rendered.container().get("lifecycle.preStop.exec.command").items().stream()
        .map(Node::text)
        .toList();
  }

  private static List<String> peers(Manifests rendered) {
    return List.of(StatefulSetTest.environment(rendered).get("STRATA_PEERS").split(","));
  }

  private static List<String> expectedPeers(int members, int raftPort) {
    return IntStream.range(0, members)
        .mapToObj(
            ordinal -> {
              String pod = Chart.FULLNAME + "-" + ordinal;
              return pod + "@" + pod + "." + HEADLESS + ".db.svc.cluster.local:" + raftPort;
            })
        .toList();
  }

  private static List<String> variableNames(Manifests rendered) {
    return rendered.container().get("env").items().stream()
        .map(variable -> variable.get("name").text())
        .toList();
  }
}
