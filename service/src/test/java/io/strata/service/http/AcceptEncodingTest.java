package io.strata.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The coding chosen for each {@code Accept-Encoding}: the cases scylladb's
 * test/alternator/test_compressed_response.py checks against DynamoDB, with DynamoDB's answers.
 */
class AcceptEncodingTest {
  static Stream<Arguments> headers() {
    return Stream.of(
        Arguments.of(null, null),
        Arguments.of("", null),
        Arguments.of("identity", null),
        Arguments.of("br", null),
        Arguments.of("zstd", null),
        Arguments.of("compress", null),
        Arguments.of("x-gzip", null),
        Arguments.of("gzip", ContentCoding.GZIP),
        Arguments.of("deflate", ContentCoding.DEFLATE),
        Arguments.of("gzip, deflate", ContentCoding.GZIP),
        Arguments.of("br, identity, deflate, gzip", ContentCoding.DEFLATE),
        Arguments.of("GZIP, identity", ContentCoding.GZIP),
        Arguments.of("dog, gzip ,, cat", ContentCoding.GZIP),
        Arguments.of("gzip;q=0.8, deflate;q=0.5", ContentCoding.GZIP),
        Arguments.of("br, gzip;q=0, deflate; q = 0.5 , identity;q=0", ContentCoding.DEFLATE),
        Arguments.of("*", ContentCoding.GZIP),
        Arguments.of("*, deflate;q=0.5", ContentCoding.GZIP),
        Arguments.of("*, deflate", ContentCoding.DEFLATE),
        Arguments.of("*, identity", ContentCoding.GZIP),
        Arguments.of("*, gzip;q=0.5", ContentCoding.DEFLATE),
        Arguments.of("gzip ;q=0", null),
        Arguments.of("identity;q=0", null),
        Arguments.of("*;q=0", null),
        Arguments.of("*;q=0.5,identity", ContentCoding.GZIP),
        Arguments.of("gzip;q=0.5,identity;q=0.8", ContentCoding.GZIP),
        Arguments.of("br;q=0.8,identity;q=0.5,*;q=0", null),
        Arguments.of("\"gzip\"", null),
        Arguments.of("gzip br", null),
        Arguments.of("gzip:q=1", null),
        Arguments.of("deflate;q=0.5, gzip;q=31", ContentCoding.GZIP),
        Arguments.of("gzip;q=31,deflate;q=51", ContentCoding.GZIP),
        Arguments.of("deflate;q=0.5, gzip;q=0.2", ContentCoding.DEFLATE),
        Arguments.of("deflate;q=0.5, gzip;q=1;q=0.2", ContentCoding.GZIP),
        Arguments.of("deflate;q=0.5,gzip;q=0.", ContentCoding.DEFLATE),
        Arguments.of("deflate;q=0.5,gzip;q=0.x", ContentCoding.GZIP),
        Arguments.of("deflate;q=-0.5,gzip;q=0.2", ContentCoding.GZIP),
        Arguments.of("gzip;nq=1;q=0 ", null),
        Arguments.of("gzip;q=0, gzip;q=1, gzip;q=0", ContentCoding.GZIP),
        Arguments.of("br,identity;q=0.5,gzip;q=0.0001", ContentCoding.GZIP));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("headers")
  void choosesTheCodingDynamoDbChooses(String header, ContentCoding expected) {
    assertThat(AcceptEncoding.preferred(header)).isEqualTo(expected);
  }
}
