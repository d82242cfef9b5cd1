package io.strata.service.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.StrataTestServer;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Random items of every attribute type, nested, through PutItem and a consistent GetItem: what
 * comes back is what was stored (numbers compared as numbers, as DynamoDB normalises their
 * spelling), or the put is refused with a ValidationException and nothing is stored.
 */
class AttributeValueFuzzIT {
  private static DynamoDbClient client;
  private static String table;

  @BeforeContainer
  static void createTable() {
    client = StrataTestServer.shared().client();
    table = "fuzz-items-" + UUID.randomUUID();
    client.createTable(
        b ->
            b.tableName(table)
                .billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(d -> d.attributeName("pk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH")));
  }

  @AfterContainer
  static void disconnect() {
    client.close();
  }

  @Property(tries = 300)
  @StatisticsReport(onFailureOnly = true)
  void itemsRoundTripOrAreRefused(@ForAll("items") Map<String, AttributeValue> attributes) {
    String pk = UUID.randomUUID().toString();
    Map<String, AttributeValue> item = new HashMap<>(attributes);
    item.put("pk", AttributeValue.fromS(pk));
    try {
      client.putItem(b -> b.tableName(table).item(item));
    } catch (DynamoDbException e) {
      Statistics.collect("refused");
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
      assertThat(
              client
                  .getItem(
                      b ->
                          b.tableName(table)
                              .consistentRead(true)
                              .key(Map.of("pk", AttributeValue.fromS(pk))))
                  .hasItem())
          .isFalse();
      return;
    }
    Statistics.collect("stored");
    Map<String, AttributeValue> stored =
        client
            .getItem(
                b ->
                    b.tableName(table)
                        .consistentRead(true)
                        .key(Map.of("pk", AttributeValue.fromS(pk))))
            .item();
    assertThat(normalized(AttributeValue.fromM(stored)))
        .isEqualTo(normalized(AttributeValue.fromM(item)));
  }

  /** Both outcomes must really happen, or the property proves little. */
  @AfterProperty
  void bothOutcomesWereExercised() {
    Statistics.coverage(
        coverage -> {
          coverage.check("stored").percentage(p -> p >= 25);
          coverage.check("refused").percentage(p -> p >= 5);
        });
  }

  /** The value with numbers in one spelling per number. */
  private static Object normalized(AttributeValue value) {
    if (value.n() != null) {
      return new BigDecimal(value.n()).stripTrailingZeros();
    }
    if (value.hasNs()) {
      return value.ns().stream()
          .map(n -> new BigDecimal(n).stripTrailingZeros())
          .collect(java.util.stream.Collectors.toSet());
    }
    if (value.hasM()) {
      Map<String, Object> map = new HashMap<>();
      value.m().forEach((name, element) -> map.put(name, normalized(element)));
      return map;
    }
    if (value.hasL()) {
      return value.l().stream().map(AttributeValueFuzzIT::normalized).toList();
    }
    if (value.hasSs()) {
      return new LinkedHashSet<>(value.ss());
    }
    if (value.hasBs()) {
      return value.bs().stream()
          .map(SdkBytes::asByteBuffer)
          .collect(java.util.stream.Collectors.toSet());
    }
    return value;
  }

  @Provide
  Arbitrary<Map<String, AttributeValue>> items() {
    return Arbitraries.maps(names(), values(3)).ofMaxSize(8);
  }

  private static Arbitrary<String> names() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars('_', '.', '#', ':', 'é')
        .ofMinLength(1)
        .ofMaxLength(12);
  }

  private static Arbitrary<String> strings() {
    return Arbitraries.strings().withCharRange('\u0001', '\uD7FF').ofMinLength(0).ofMaxLength(40);
  }

  private static Arbitrary<String> numbers() {
    Arbitrary<String> plain =
        Arbitraries.bigDecimals()
            .between(new BigDecimal("-1e20"), new BigDecimal("1e20"))
            .ofScale(6)
            .map(BigDecimal::toPlainString);
    Arbitrary<String> extreme =
        Arbitraries.of(
            "99999999999999999999999999999999999999",
            "-99999999999999999999999999999999999999",
            "9.9999999999999999999999999999999999999E+125",
            "1E-130",
            "-1E-130",
            "0",
            "1E+126",
            "1E-131",
            "123456789012345678901234567890123456789");
    return Arbitraries.oneOf(plain, extreme);
  }

  private static Arbitrary<AttributeValue> values(int depth) {
    Arbitrary<AttributeValue> scalar =
        Arbitraries.oneOf(
            strings().map(AttributeValue::fromS),
            numbers().map(AttributeValue::fromN),
            Arbitraries.bytes()
                .array(byte[].class)
                .ofMaxSize(40)
                .map(b -> AttributeValue.fromB(SdkBytes.fromByteArray(b))),
            Arbitraries.of(true, false).map(AttributeValue::fromBool),
            Arbitraries.just(AttributeValue.fromNul(true)),
            strings()
                .set()
                .ofMinSize(0)
                .ofMaxSize(5)
                .map(set -> AttributeValue.fromSs(List.copyOf(set))),
            numbers()
                .set()
                .ofMinSize(1)
                .ofMaxSize(5)
                .map(set -> AttributeValue.fromNs(List.copyOf(set))),
            Arbitraries.bytes()
                .array(byte[].class)
                .ofMinSize(0)
                .ofMaxSize(8)
                .set()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(
                    set ->
                        AttributeValue.fromBs(set.stream().map(SdkBytes::fromByteArray).toList())));
    if (depth == 0) {
      return scalar;
    }
    return Arbitraries.oneOf(
        scalar,
        values(depth - 1).list().ofMaxSize(4).map(AttributeValue::fromL),
        Arbitraries.maps(names(), values(depth - 1)).ofMaxSize(4).map(AttributeValue::fromM));
  }
}
