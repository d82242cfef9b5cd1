package io.strata.service.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FreePortsTest {
  @Test
  void neverHandsOutAPortTwice() {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      assertThat(ports.add(FreePorts.next())).as("port %d of 500 is new", i).isTrue();
    }
  }

  @Test
  void handsOutPortsBelowTheEphemeralRangeOfOutgoingConnections() {
    assertThat(FreePorts.next()).isBetween(1024, 32_767);
  }
}
