package io.strata.tenancy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SignedRequestTest {
  final SignedRequest request =
      SignedRequest.of(
          "POST",
          "/",
          "X-Amz-Security-Token=session",
          List.of(
              Map.entry("Authorization", "Bearer secret.token.value"),
              Map.entry("X-Multi", "one"),
              Map.entry("x-multi", "two")),
          "{\"customer\":\"data\"}".getBytes(UTF_8));

  @Test
  void looksUpHeadersIgnoringCase() {
    assertThat(request.header("AUTHORIZATION")).contains("Bearer secret.token.value");
    assertThat(request.header("missing")).isEmpty();
  }

  @Test
  void keepsEveryValueOfARepeatedHeaderInOrder() {
    assertThat(request.headerValues("X-MULTI")).containsExactly("one", "two");
    assertThat(request.header("x-multi")).contains("one");
    assertThat(request.headerValues("missing")).isEmpty();
  }

  @Test
  void treatsAnAbsentQueryAsEmpty() {
    assertThat(SignedRequest.of("POST", "/", null, List.of(), new byte[0]).rawQuery()).isEmpty();
  }

  @Test
  void mergesHeaderNamesThatDifferOnlyInCase() {
    SignedRequest merged =
        new SignedRequest(
            "POST", "/", "", Map.of("Host", List.of("a"), "HOST", List.of("b")), new byte[0]);

    assertThat(merged.headers()).containsOnlyKeys("host");
    assertThat(merged.headerValues("host")).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void leavesCredentialsQueryAndBodyOutOfToString() {
    assertThat(request.toString())
        .contains("POST", "authorization", "x-multi", "bodyBytes=19")
        .doesNotContain("secret")
        .doesNotContain("session")
        .doesNotContain("customer");
  }

  @Test
  void comparesBodiesByContent() {
    SignedRequest same =
        SignedRequest.of(
            "POST",
            "/",
            "X-Amz-Security-Token=session",
            List.of(
                Map.entry("authorization", "Bearer secret.token.value"),
                Map.entry("x-multi", "one"),
                Map.entry("x-multi", "two")),
            "{\"customer\":\"data\"}".getBytes(UTF_8));

    assertThat(same).isEqualTo(request).hasSameHashCodeAs(request);
  }
}
