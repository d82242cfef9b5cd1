package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.tenant.Credentials;
import io.strata.service.testing.DynamoDbLocal;
import io.strata.service.testing.ManualClock;
import io.strata.service.testing.StrataTestServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TableClass;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * CreateTable's and UpdateTable's table settings, honoured rather than dropped: {@code TableClass}
 * (shown, and priced as Standard-IA in usage reports), {@code SSESpecification} (shown), {@code
 * OnDemandThroughput} (enforced by throttling), {@code WarmThroughput} (shown) and {@code
 * DeletionProtectionEnabled}. Differential against DynamoDB Local for what it implements
 * (OnDemandThroughput's bounds, deletion protection); the API reference and developer guide for the
 * rest, which DynamoDB Local accepts and drops.
 */
@Timeout(180)
class TableSettingsIT {
  private static DynamoDbClient ours;
  private static DynamoDbClient reference;

  @BeforeAll
  static void connect() {
    ours = StrataTestServer.shared().client();
    reference = DynamoDbLocal.shared().client();
  }

  @AfterAll
  static void disconnect() {
    ours.close();
    reference.close();
  }

  private static TableDescription create(DynamoDbClient client, CreateTableRequest request) {
    return client.createTable(request).tableDescription();
  }

  private static TableDescription describe(DynamoDbClient client, String table) {
    return client.describeTable(b -> b.tableName(table)).table();
  }

  private static String validationMessage(DynamoDbClient client, Consumer<DynamoDbClient> call) {
    List<String> message = new ArrayList<>();
    assertThatThrownBy(() -> call.accept(client))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              message.add(e.awsErrorDetails().errorMessage());
            });
    return message.get(0);
  }

  private static void sameErrorOnBoth(Consumer<DynamoDbClient> call) {
    assertThat(validationMessage(ours, call)).isEqualTo(validationMessage(reference, call));
  }

  @Nested
  class OnDemandMaximums {
    @Test
    void areShownAndBoundedAsDynamoDbDoes() {
      CreateTableRequest request =
          TablesIT.hashAndRange(TablesIT.randomName())
              .onDemandThroughput(t -> t.maxReadRequestUnits(5L).maxWriteRequestUnits(6L))
              .build();
      assertThat(create(ours, request).onDemandThroughput())
          .isEqualTo(create(reference, request).onDemandThroughput())
          .isEqualTo(
              OnDemandThroughput.builder()
                  .maxReadRequestUnits(5L)
                  .maxWriteRequestUnits(6L)
                  .build());
      assertThat(describe(ours, request.tableName()).onDemandThroughput().maxWriteRequestUnits())
          .isEqualTo(6L);
      for (long invalid : new long[] {0, -2, 40_001}) {
        sameErrorOnBoth(
            client ->
                client.createTable(
                    TablesIT.hashAndRange(TablesIT.randomName())
                        .onDemandThroughput(
                            t -> t.maxReadRequestUnits(invalid).maxWriteRequestUnits(1L))
                        .build()));
        sameErrorOnBoth(
            client ->
                client.createTable(
                    TablesIT.hashAndRange(TablesIT.randomName())
                        .onDemandThroughput(
                            t -> t.maxReadRequestUnits(1L).maxWriteRequestUnits(invalid))
                        .build()));
      }
      CreateTableRequest unlimited =
          TablesIT.hashAndRange(TablesIT.randomName())
              .onDemandThroughput(t -> t.maxReadRequestUnits(-1L).maxWriteRequestUnits(-1L))
              .build();
      assertThat(create(ours, unlimited).onDemandThroughput())
          .isEqualTo(create(reference, unlimited).onDemandThroughput())
          .isNull();
    }

    @Test
    void oneMaximumAloneIsAcceptedAsTheApiReferenceAllows() {
      // DynamoDB Local insists on both; the API reference: "MaxReadRequestUnits,
      // MaxWriteRequestUnits, or both".
      String table = TablesIT.randomName();
      create(
          ours,
          TablesIT.hashAndRange(table).onDemandThroughput(t -> t.maxReadRequestUnits(7L)).build());
      assertThat(describe(ours, table).onDemandThroughput())
          .isEqualTo(
              OnDemandThroughput.builder()
                  .maxReadRequestUnits(7L)
                  .maxWriteRequestUnits(-1L)
                  .build());
      ours.updateTable(b -> b.tableName(table).onDemandThroughput(t -> t.maxWriteRequestUnits(9L)));
      assertThat(describe(ours, table).onDemandThroughput())
          .isEqualTo(
              OnDemandThroughput.builder()
                  .maxReadRequestUnits(7L)
                  .maxWriteRequestUnits(9L)
                  .build());
      ours.updateTable(
          b ->
              b.tableName(table)
                  .onDemandThroughput(t -> t.maxReadRequestUnits(-1L).maxWriteRequestUnits(-1L)));
      assertThat(describe(ours, table).onDemandThroughput()).isNull();
    }

    @Test
    void throttleWritesBeyondTheMaximumUntilItIsRaised() {
      ManualClock clock = new ManualClock();
      StrataTestServer server = StrataTestServer.start(Map.of(), clock);
      try (DynamoDbClient client = server.client()) {
        String table = TablesIT.randomName();
        client.createTable(
            TablesIT.hashAndRange(table)
                .onDemandThroughput(t -> t.maxReadRequestUnits(-1L).maxWriteRequestUnits(2L))
                .build());
        assertThat(writesUntilThrottled(client, table, 100)).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(writesUntilThrottled(client, table, 100)).as("two a second").isEqualTo(2);
        client.updateTable(
            b -> b.tableName(table).onDemandThroughput(t -> t.maxWriteRequestUnits(-1L)));
        clock.advance(Duration.ofSeconds(1));
        assertThat(writesUntilThrottled(client, table, 100)).as("no maximum").isEqualTo(100);
      } finally {
        server.closeQuietly();
      }
    }

    private static int writesUntilThrottled(DynamoDbClient client, String table, int max) {
      for (int i = 0; i < max; i++) {
        String pk = UUID.randomUUID().toString();
        try {
          client.putItem(b -> b.tableName(table).item(CapacityIT.item(pk, 100)));
        } catch (ProvisionedThroughputExceededException throttled) {
          return i;
        }
      }
      return max;
    }
  }

  @Nested
  class TableClasses {
    @Test
    void theClassIsShownAndChangesAtMostTwiceInThirtyDays() {
      String table = TablesIT.randomName();
      TableDescription created =
          create(
              ours,
              TablesIT.hashAndRange(table)
                  .tableClass(TableClass.STANDARD_INFREQUENT_ACCESS)
                  .build());
      assertThat(created.tableClassSummary().tableClass())
          .isEqualTo(TableClass.STANDARD_INFREQUENT_ACCESS);
      assertThat(created.tableClassSummary().lastUpdateDateTime()).isNull();
      String plain = TablesIT.randomName();
      assertThat(create(ours, TablesIT.hashAndRange(plain).build()).tableClassSummary()).isNull();

      ours.updateTable(b -> b.tableName(table).tableClass(TableClass.STANDARD));
      TableDescription updated = describe(ours, table);
      assertThat(updated.tableClassSummary().tableClass()).isEqualTo(TableClass.STANDARD);
      assertThat(updated.tableClassSummary().lastUpdateDateTime()).isNotNull();
      ours.updateTable(b -> b.tableName(table).tableClass(TableClass.STANDARD_INFREQUENT_ACCESS));
      assertThatThrownBy(
              () -> ours.updateTable(b -> b.tableName(table).tableClass(TableClass.STANDARD)))
          .isInstanceOfSatisfying(
              DynamoDbException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("LimitExceededException");
                assertThat(e.awsErrorDetails().errorMessage())
                    .startsWith(
                        "Subscriber limit exceeded: The table class of table "
                            + table
                            + " can be updated at most 2 times in a 30 day trailing period.");
              });
      assertThat(
              validationMessage(
                  ours,
                  c ->
                      c.createTable(
                          TablesIT.hashAndRange(TablesIT.randomName())
                              .tableClass("ARCHIVE")
                              .build())))
          .isEqualTo(
              "1 validation error detected: Value 'ARCHIVE' at 'tableClass' failed to satisfy"
                  + " constraint: Member must satisfy enum value set: [STANDARD,"
                  + " STANDARD_INFREQUENT_ACCESS]");
    }

    @Test
    void usageOfAStandardIaTableIsPricedAtTheInfrequentAccessPrices() throws Exception {
      StrataTestServer server = StrataTestServer.shared();
      Credentials tenant = server.newTenant("classes-" + UUID.randomUUID());
      try (DynamoDbClient client = server.clientFor(tenant)) {
        for (TableClass tableClass :
            List.of(TableClass.STANDARD, TableClass.STANDARD_INFREQUENT_ACCESS)) {
          String table = tableClass.toString().toLowerCase().replace('_', '-');
          client.createTable(TablesIT.hashAndRange(table).tableClass(tableClass).build());
          for (int i = 0; i < 40; i++) {
            String pk = "item" + i;
            client.putItem(b -> b.tableName(table).item(CapacityIT.item(pk, 100)));
          }
        }
        JsonNode report =
            server.admin("usage", "--tenant=" + tenant.tenantId(), "--group-by=table");
        Map<String, JsonNode> lines = new java.util.HashMap<>();
        report.get("lines").forEach(line -> lines.put(line.get("table").asText(), line));
        JsonNode standard = lines.get("standard");
        JsonNode infrequent = lines.get("standard-infrequent-access");
        assertThat(infrequent.get("writeUnits").asText())
            .isEqualTo(standard.get("writeUnits").asText());
        // 40 write units: Standard at 0.625 per million, Standard-IA at 0.78125 (25% more).
        assertThat(new BigDecimal(standard.get("writeCost").asText()))
            .isEqualByComparingTo("0.000025");
        assertThat(new BigDecimal(infrequent.get("writeCost").asText()))
            .isEqualByComparingTo("0.000031");
      }
    }
  }

  @Nested
  class Encryption {
    @Test
    void aKmsKeyIsStoredAndShownAndTheDefaultShowsNoDescription() {
      String table = TablesIT.randomName();
      TableDescription created =
          create(
              ours,
              TablesIT.hashAndRange(table)
                  .sseSpecification(s -> s.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId("k-1"))
                  .build());
      String account = created.tableArn().split(":")[4];
      String region = created.tableArn().split(":")[3];
      assertThat(created.sseDescription().status()).isEqualTo(SSEStatus.ENABLED);
      assertThat(created.sseDescription().sseType()).isEqualTo(SSEType.KMS);
      assertThat(describe(ours, table).sseDescription().kmsMasterKeyArn())
          .isEqualTo("arn:aws:kms:" + region + ":" + account + ":key/k-1");

      String managed = TablesIT.randomName();
      create(ours, TablesIT.hashAndRange(managed).sseSpecification(s -> s.enabled(true)).build());
      assertThat(describe(ours, managed).sseDescription().kmsMasterKeyArn())
          .isEqualTo("arn:aws:kms:" + region + ":" + account + ":alias/aws/dynamodb");
      ours.updateTable(b -> b.tableName(managed).sseSpecification(s -> s.enabled(false)));
      assertThat(describe(ours, managed).sseDescription()).isNull();

      String owned = TablesIT.randomName();
      assertThat(
              create(
                      ours,
                      TablesIT.hashAndRange(owned).sseSpecification(s -> s.enabled(false)).build())
                  .sseDescription())
          .isNull();
      assertThat(
              validationMessage(
                  ours,
                  c ->
                      c.createTable(
                          TablesIT.hashAndRange(TablesIT.randomName())
                              .sseSpecification(s -> s.enabled(true).sseType(SSEType.AES256))
                              .build())))
          .isEqualTo("One or more parameter values were invalid: Unsupported SSEType: AES256");
    }
  }

  @Nested
  class WarmThroughputs {
    @Test
    void areStoredShownAndOnlyRaised() {
      String table = TablesIT.randomName();
      TableDescription created =
          create(
              ours,
              TablesIT.hashAndRange(table)
                  .warmThroughput(w -> w.readUnitsPerSecond(13_000L).writeUnitsPerSecond(5_000L))
                  .build());
      assertThat(created.warmThroughput().readUnitsPerSecond()).isEqualTo(13_000L);
      assertThat(created.warmThroughput().writeUnitsPerSecond()).isEqualTo(5_000L);
      ours.updateTable(b -> b.tableName(table).warmThroughput(w -> w.readUnitsPerSecond(20_000L)));
      assertThat(describe(ours, table).warmThroughput().readUnitsPerSecond()).isEqualTo(20_000L);
      assertThat(describe(ours, table).warmThroughput().writeUnitsPerSecond()).isEqualTo(5_000L);
      assertThat(
              validationMessage(
                  ours,
                  c ->
                      c.updateTable(
                          b -> b.tableName(table).warmThroughput(w -> w.writeUnitsPerSecond(10L)))))
          .isEqualTo(
              "One or more parameter values were invalid: Warm throughput can only be increased."
                  + " Current ReadUnitsPerSecond: 20000, WriteUnitsPerSecond: 5000");
    }
  }

  @Nested
  class DeletionProtection {
    @Test
    void aProtectedTableIsNotDeletedUntilProtectionIsTurnedOff() {
      CreateTableRequest request =
          TablesIT.hashAndRange(TablesIT.randomName()).deletionProtectionEnabled(true).build();
      assertThat(create(ours, request).deletionProtectionEnabled()).isTrue();
      create(reference, request);
      sameErrorOnBoth(client -> client.deleteTable(b -> b.tableName(request.tableName())));
      for (DynamoDbClient client : List.of(ours, reference)) {
        client.updateTable(b -> b.tableName(request.tableName()).deletionProtectionEnabled(false));
        client.deleteTable(b -> b.tableName(request.tableName()));
      }
    }
  }

  @Test
  void updateTableAcceptsEachSettingAlone() {
    String table = TablesIT.randomName();
    create(ours, TablesIT.hashAndRange(table).build());
    ours.updateTable(b -> b.tableName(table).tableClass(TableClass.STANDARD_INFREQUENT_ACCESS));
    ours.updateTable(b -> b.tableName(table).sseSpecification(s -> s.enabled(true)));
    ours.updateTable(b -> b.tableName(table).warmThroughput(w -> w.readUnitsPerSecond(15_000L)));
    ours.updateTable(b -> b.tableName(table).onDemandThroughput(t -> t.maxReadRequestUnits(10L)));
    TableDescription described = describe(ours, table);
    assertThat(described.tableClassSummary().tableClass())
        .isEqualTo(TableClass.STANDARD_INFREQUENT_ACCESS);
    assertThat(described.sseDescription().status()).isEqualTo(SSEStatus.ENABLED);
    assertThat(described.warmThroughput().readUnitsPerSecond()).isEqualTo(15_000L);
    assertThat(described.onDemandThroughput().maxReadRequestUnits()).isEqualTo(10L);
  }
}
