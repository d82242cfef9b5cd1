package io.strata.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where the master key, the admin token and the TLS certificate come from: nowhere (a single node
 * generates them on its data volume), the chart's own Secrets (given values, or the certificate the
 * chart makes once for a cluster), or Secrets the user manages.
 */
@Timeout(60)
class SecretsTest {
  private static final String MASTER_KEY = Chart.MASTER_KEY;

  @Test
  void rendersNoSecretForASingleNodeWithoutKeysSoTheServerGeneratesThem() {
    Manifests rendered = Chart.withValues().withoutMasterKey().set("replicas", 1).render();

    assertThat(rendered.all("Secret")).isEmpty();
    assertThat(variableNames(rendered))
        .doesNotContain("STRATA_MASTER_KEY", "STRATA_ADMIN_TOKEN", "STRATA_TLS_CERT");
  }

  @Test
  void givenKeysGoIntoTheChartsSecretAndThePodReadsThem() {
    Manifests rendered =
        Chart.withValues()
            .set("secret.masterKey", MASTER_KEY)
            .set("secret.adminToken", "token-1")
            .render();

    Node secret = keysSecret(rendered);
    assertThat(decoded(secret, "STRATA_MASTER_KEY")).isEqualTo(MASTER_KEY);
    assertThat(decoded(secret, "STRATA_ADMIN_TOKEN")).isEqualTo("token-1");
    for (String variable : new String[] {"STRATA_MASTER_KEY", "STRATA_ADMIN_TOKEN"}) {
      Node reference = secretReference(rendered, variable);
      assertThat(reference.get("name").text()).isEqualTo(secret.get("metadata.name").text());
      assertThat(secret.get("data").findField(reference.get("key").text())).isPresent();
    }
  }

  @Test
  void anExistingSecretIsReferencedAndNoneIsRendered() {
    Manifests rendered =
        Chart.withValues()
            .set("secret.existingSecret", "strata-keys")
            .set("secret.masterKey", MASTER_KEY)
            .render();

    assertThat(rendered.find("Secret", Chart.FULLNAME)).isEmpty();
    assertThat(secretReference(rendered, "STRATA_MASTER_KEY").get("name").text())
        .isEqualTo("strata-keys");
    assertThat(secretReference(rendered, "STRATA_ADMIN_TOKEN").get("name").text())
        .isEqualTo("strata-keys");
  }

  @Test
  void aRequiredMetricsTokenComesFromTheSecret() {
    Manifests rendered =
        Chart.withValues()
            .set("metrics.requireToken", true)
            .set("secret.metricsToken", "scrape-me")
            .render();

    Node secret = keysSecret(rendered);
    assertThat(decoded(secret, "STRATA_METRICS_TOKEN")).isEqualTo("scrape-me");
    Node reference = secretReference(rendered, "STRATA_METRICS_TOKEN");
    assertThat(reference.get("name").text()).isEqualTo(secret.get("metadata.name").text());
    assertThat(reference.get("key").text()).isEqualTo("STRATA_METRICS_TOKEN");
  }

  @Test
  void aRequiredMetricsTokenMayComeFromAnExistingSecret() {
    Manifests rendered =
        Chart.withValues()
            .set("metrics.requireToken", true)
            .set("secret.existingSecret", "strata-keys")
            .render();

    assertThat(rendered.find("Secret", Chart.FULLNAME)).isEmpty();
    assertThat(secretReference(rendered, "STRATA_METRICS_TOKEN").get("name").text())
        .isEqualTo("strata-keys");
  }

  @Test
  void refusesToRequireAMetricsTokenWithoutOne() {
    Chart chart = Chart.withValues().set("metrics.requireToken", true);

    assertThatThrownBy(chart::renderText).hasMessageContaining("metrics.requireToken");
  }

  @Test
  void withoutRequireTokenThePodHasNoMetricsToken() {
    Manifests rendered = Chart.withValues().set("secret.metricsToken", "unused").render();

    assertThat(variableNames(rendered)).doesNotContain("STRATA_METRICS_TOKEN");
  }

  @Test
  void refusesAClusterWithoutAMasterKeyBecauseEveryMemberMustShareOne() {
    Chart chart = Chart.withValues().withoutMasterKey();

    assertThatThrownBy(chart::renderText)
        .hasMessageContaining("a cluster of 3 needs one master key on every member")
        .hasMessageContaining("secret.existingSecret");
    assertThat(
            Chart.withValues()
                .withoutMasterKey()
                .set("secret.existingSecret", "strata-keys")
                .render()
                .one("StatefulSet")
                .get("spec.replicas")
                .integer())
        .isEqualTo(3);
  }

  @Test
  void aClusterGivenNoCertificateGetsOneTheChartMakesForEveryMembersName() throws Exception {
    Manifests rendered = Chart.renderDefaults();

    Node secret = rendered.find("Secret", Chart.FULLNAME + "-tls").orElseThrow();
    assertThat(secret.get("type").text()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.get("metadata.annotations").field("helm.sh/resource-policy").text())
        .isEqualTo("keep");
    X509Certificate certificate =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(
                        decoded(secret, "tls.crt").getBytes(StandardCharsets.US_ASCII)));
    List<String> names =
        certificate.getSubjectAlternativeNames().stream()
            .map(name -> String.valueOf(name.get(1)))
            .toList();
    assertThat(names)
        .contains(
            "localhost",
            "127.0.0.1",
            Chart.FULLNAME + "." + Chart.NAMESPACE + ".svc",
            "*." + Chart.FULLNAME + "-headless." + Chart.NAMESPACE + ".svc.cluster.local");
    assertThat(decoded(secret, "tls.key")).contains("PRIVATE KEY");
    assertTlsFilesComeFrom(rendered, Chart.FULLNAME + "-tls");
    assertThat(
            Chart.withValues().set("replicas", 1).render().find("Secret", Chart.FULLNAME + "-tls"))
        .isEmpty();
  }

  @Test
  void refusesAMalformedMasterKey() {
    Chart chart = Chart.withValues().set("secret.masterKey", "no-id-and-too-short");

    assertThatThrownBy(chart::renderText).hasMessageContaining("secret.masterKey");
  }

  @Test
  void aGivenCertificateIsMountedAndNamedByTheTlsVariables() {
    Manifests rendered =
        Chart.withValues()
            .valuesFile(
                """
                tls:
                  certificate: |
                    -----BEGIN CERTIFICATE-----
                    MIIB
                    -----END CERTIFICATE-----
                  privateKey: |
                    -----BEGIN PRIVATE KEY-----
                    MIIE
                    -----END PRIVATE KEY-----
                """)
            .render();

    Node secret = rendered.find("Secret", Chart.FULLNAME + "-tls").orElseThrow();
    assertThat(secret.get("type").text()).isEqualTo("kubernetes.io/tls");
    assertThat(decoded(secret, "tls.crt")).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(decoded(secret, "tls.key")).startsWith("-----BEGIN PRIVATE KEY-----");
    assertTlsFilesComeFrom(rendered, secret.get("metadata.name").text());
  }

  @Test
  void anExistingTlsSecretIsMountedAndNoneIsRendered() {
    Manifests rendered =
        Chart.withValues()
            .set("secret.existingSecret", "strata-keys")
            .set("tls.existingSecret", "strata-cert")
            .render();

    assertThat(rendered.all("Secret")).isEmpty();
    assertTlsFilesComeFrom(rendered, "strata-cert");
  }

  @Test
  void refusesACertificateWithoutItsKey() {
    Chart chart = Chart.withValues().set("tls.certificate", "PEM");

    assertThatThrownBy(chart::renderText).hasMessageContaining("tls.privateKey");
  }

  /** STRATA_TLS_CERT and STRATA_TLS_KEY name tls.crt and tls.key of a volume from that Secret. */
  private static void assertTlsFilesComeFrom(Manifests rendered, String secretName) {
    Node volume =
        rendered.podSpec().get("volumes").items().stream()
            .filter(candidate -> candidate.find("secret.secretName").isPresent())
            .filter(candidate -> secretName.equals(candidate.get("secret.secretName").text()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no volume from Secret " + secretName));
    String mountPath =
        rendered
            .container()
            .get("volumeMounts")
            .named(volume.get("name").text())
            .get("mountPath")
            .text();
    Map<String, String> environment = StatefulSetTest.environment(rendered);
    assertThat(environment.get("STRATA_TLS_CERT")).isEqualTo(mountPath + "/tls.crt");
    assertThat(environment.get("STRATA_TLS_KEY")).isEqualTo(mountPath + "/tls.key");
  }

  /** The chart's Secret of keys and tokens (not its TLS Secret). */
  private static Node keysSecret(Manifests rendered) {
    return rendered.find("Secret", Chart.FULLNAME).orElseThrow();
  }

  private static Node secretReference(Manifests rendered, String variable) {
    return rendered.container().get("env").named(variable).get("valueFrom.secretKeyRef");
  }

  private static List<String> variableNames(Manifests rendered) {
    return rendered.container().get("env").items().stream()
        .map(variable -> variable.get("name").text())
        .toList();
  }

  private static String decoded(Node secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.get("data").field(key).text()), StandardCharsets.UTF_8);
  }
}
