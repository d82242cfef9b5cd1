package io.strata.service.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RequiredBinaryTest {
  @Test
  void aMissingProgramFailsWithHowToInstallIt() {
    assertThatThrownBy(
            () -> RequiredBinary.find("strata-no-such-program", "STRATA_NO_SUCH_BINARY", "nosuch"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "strata-no-such-program is not installed (looked for strata-no-such-program on the"
                + " PATH); install it (Debian: apt-get install nosuch) or set"
                + " STRATA_NO_SUCH_BINARY to its path");
  }

  @Test
  void findsAProgramOnThePath() {
    assertThat(RequiredBinary.find("sh", "coreutils")).isExecutable();
  }
}
