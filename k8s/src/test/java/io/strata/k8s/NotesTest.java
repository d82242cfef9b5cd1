package io.strata.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * NOTES.txt, which {@code helm template} does not render: a client-only dry-run install does,
 * without a cluster.
 */
@Timeout(60)
class NotesTest {
  @Test
  void tellsHowToReadTheFirstTenantsCredentials() {
    String notes = notes(Map.of("secret.masterKey", Chart.MASTER_KEY));

    assertThat(notes)
        .contains(
            "kubectl -n "
                + Chart.NAMESPACE
                + " exec "
                + Chart.FULLNAME
                + "-0 -c strata -- cat /data/first-tenant.json");
  }

  @Test
  void aClusterTellsToTrustTheCertificateTheChartMadeAndHowToSeeTheGroup() {
    String notes = notes(Map.of("secret.masterKey", Chart.MASTER_KEY));

    assertThat(notes)
        .contains("a cluster of 3 pods, " + Chart.FULLNAME + "-0 to " + Chart.FULLNAME + "-2")
        .contains(
            "kubectl -n "
                + Chart.NAMESPACE
                + " get secret "
                + Chart.FULLNAME
                + "-tls -o jsonpath='{.data.tls\\.crt}' | base64 -d > strata-ca.pem")
        .contains("io.strata.service.Main admin cluster status");
    assertThat(notes(Map.of("replicas", "1")))
        .contains("(one pod, " + Chart.FULLNAME + "-0;")
        .doesNotContain("cluster status");
  }

  @Test
  void warnsOnlyWhenTheMasterKeyIsGeneratedOnTheDataVolume() {
    assertThat(notes(Map.of("replicas", "1"))).contains("WARNING: no master key was given");
    assertThat(notes(Map.of("secret.existingSecret", "strata-keys")))
        .doesNotContain("WARNING")
        .contains("STRATA_ADMIN_TOKEN in Secret strata-keys");
  }

  private static String notes(Map<String, String> values) {
    InstallCommand install =
        new Helm(Chart.directory())
            .install()
            .withName(Chart.RELEASE)
            .withNamespace(Chart.NAMESPACE)
            .withKubeVersion(Chart.KUBERNETES_VERSION)
            .clientOnly()
            .dryRun();
    values.forEach(install::set);
    return install.call().getOutput();
  }
}
