package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.service.tenant.Credentials;
import io.strata.service.testing.StrataTestServer;
import io.strata.service.testing.Waiters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ImportNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ImportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.InputCompressionType;
import software.amazon.awssdk.services.dynamodb.model.InputFormat;
import software.amazon.awssdk.services.dynamodb.model.InvalidExportTimeException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableCreationParameters;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Table exports and imports through the SDK: an export of 100k items imported into a new table
 * gives back the source item by item (and its global index answers); an export at an earlier
 * instant holds that instant's items; a corrupt source fails its import and leaves no table; the
 * refusals (unknown ARNs, bad buckets and prefixes, no point-in-time recovery, an instant outside
 * the window, the transfer quota) are DynamoDB's errors. The export root is the server's default,
 * {@code <data>/exports}; a tenant's buckets are directories under {@code <root>/<tenant id>}.
 */
@Timeout(240)
class ExportImportIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "exports-bucket";

  private static StrataTestServer server;
  private static DynamoDbClient client;
  private static Path bucket;

  @BeforeAll
  static void start() throws IOException {
    server = StrataTestServer.start(Map.of("STRATA_CONTROL_PLANE_RATE", "1000000"));
    client = server.client();
    bucket = bucketOf(server.firstTenant(), BUCKET);
  }

  @AfterAll
  static void stop() {
    client.close();
    server.closeQuietly();
  }

  @Test
  void anExportOf100kItemsImportedIntoANewTableGivesBackTheSourceItemByItem() throws Exception {
    String source = TablesIT.randomName();
    client.createTable(withIndex(TablesIT.hashAndRange(source)).build());
    TransferFixtures.enablePointInTimeRecovery(client, source);
    TransferFixtures.load(client, source, 0, 100_000);

    ExportDescription export =
        TransferFixtures.awaitExport(client, exportNow(source, "round-trip"));
    assertThat(export.exportStatus()).isEqualTo(ExportStatus.COMPLETED);
    assertThat(export.itemCount()).isEqualTo(100_000L);
    assertThat(export.billedSizeBytes()).isPositive();
    assertThat(export.exportManifest())
        .isEqualTo(
            "round-trip/AWSDynamoDB/"
                + TransferFixtures.exportId(export)
                + "/manifest-summary.json");
    JsonNode summary = JSON.readTree(bucket.resolve(export.exportManifest()).toFile());
    assertThat(summary.get("itemCount").asLong()).isEqualTo(100_000L);
    assertThat(summary.get("exportArn").asText()).isEqualTo(export.exportArn());

    String target = source + "-imported";
    ImportTableDescription started =
        client
            .importTable(
                b ->
                    b.s3BucketSource(
                            s ->
                                s.s3Bucket(BUCKET)
                                    .s3KeyPrefix(
                                        "round-trip/AWSDynamoDB/"
                                            + TransferFixtures.exportId(export)
                                            + "/data/"))
                        .inputFormat(InputFormat.DYNAMODB_JSON)
                        .inputCompressionType(InputCompressionType.GZIP)
                        .tableCreationParameters(creationParameters(target)))
            .importTableDescription();
    assertThat(started.importStatus()).isEqualTo(ImportStatus.IN_PROGRESS);
    assertThat(client.describeTable(b -> b.tableName(target)).table().tableStatusAsString())
        .isEqualTo("CREATING");

    ImportTableDescription imported = TransferFixtures.awaitImport(client, started.importArn());
    assertThat(imported.importStatus()).isEqualTo(ImportStatus.COMPLETED);
    assertThat(imported.importedItemCount()).isEqualTo(100_000L);
    assertThat(imported.errorCount()).isZero();
    TableDescription table = Waiters.tableActive(client, target);
    assertThat(table.itemCount()).isEqualTo(100_000L);
    assertThat(TransferFixtures.scan(client, target))
        .isEqualTo(TransferFixtures.scan(client, source));
    assertThat(
            client
                .query(
                    b ->
                        b.tableName(target)
                            .indexName("by-v")
                            .keyConditionExpression("v = :v")
                            .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("v-77"))))
                .items())
        .hasSize(1);
    assertThat(client.listImports(b -> b.tableArn(imported.tableArn())).importSummaryList())
        .singleElement()
        .satisfies(s -> assertThat(s.importArn()).isEqualTo(imported.importArn()));
  }

  @Test
  void anExportAtAnEarlierInstantHoldsTheItemsOfThatInstant() throws Exception {
    String table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
    TransferFixtures.enablePointInTimeRecovery(client, table);
    for (int i = 0; i < 3; i++) {
      put(table, i, "before");
    }
    Instant then = Instant.now();
    // timestamps are milliseconds: what follows must land in a later one
    Waiters.until(
        "the clock passes the recorded millisecond",
        () -> Instant.now().toEpochMilli() > then.toEpochMilli());
    client.deleteItem(
        b ->
            b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("p0"), "sk", AttributeValue.fromN("0"))));
    put(table, 1, "after");
    put(table, 3, "after");

    ExportDescription export =
        TransferFixtures.awaitExport(
            client,
            client
                .exportTableToPointInTime(
                    b ->
                        b.tableArn(arnOf(table))
                            .s3Bucket(BUCKET)
                            .s3Prefix("earlier")
                            .exportTime(then))
                .exportDescription()
                .exportArn());

    assertThat(export.exportStatus()).isEqualTo(ExportStatus.COMPLETED);
    assertThat(export.exportTime()).isEqualTo(then.truncatedTo(ChronoUnit.MILLIS));
    assertThat(exportedValues(export))
        .containsExactlyInAnyOrder("p0/0=before", "p1/1=before", "p2/2=before");
  }

  @Test
  void aCorruptImportSourceFailsTheImportAndLeavesNoTable() throws Exception {
    String key = "corrupt/" + TablesIT.randomName() + ".json.gz";
    Path file = bucket.resolve(key);
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      // more good lines than one import batch, so part of the table was written before the failure
      for (int i = 0; i < 600; i++) {
        out.write(
            ("{\"Item\":{\"pk\":{\"S\":\"p" + i + "\"},\"sk\":{\"N\":\"" + i + "\"}}}\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      out.write("{\"Item\":{\"pk\":{\"S\":\"broken\"},\"sk\":\n".getBytes(StandardCharsets.UTF_8));
    }
    String target = TablesIT.randomName();

    ImportTableDescription failed =
        TransferFixtures.awaitImport(
            client,
            client
                .importTable(
                    b ->
                        b.s3BucketSource(s -> s.s3Bucket(BUCKET).s3KeyPrefix(key))
                            .inputFormat(InputFormat.DYNAMODB_JSON)
                            .inputCompressionType(InputCompressionType.GZIP)
                            .tableCreationParameters(plainCreationParameters(target)))
                .importTableDescription()
                .importArn());

    assertThat(failed.importStatus()).isEqualTo(ImportStatus.FAILED);
    assertThat(failed.failureCode()).isEqualTo("InvalidImportSource");
    assertThat(failed.failureMessage()).contains(key).contains("line 601");
    assertThat(failed.endTime()).isNotNull();
    assertThatThrownBy(() -> client.describeTable(b -> b.tableName(target)))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(client.listTables().tableNames()).doesNotContain(target);
  }

  @Test
  void aCsvImportTypesTheKeysAsDefinedAndCountsRefusedItems() throws Exception {
    String key = "csv/" + TablesIT.randomName() + ".csv";
    Path file = bucket.resolve(key);
    Files.createDirectories(file.getParent());
    Files.writeString(
        file, "pk,sk,note\np1,1,\"a, quoted\"\np2,2,plain\n,3,no partition key\np4,4,\n");
    String target = TablesIT.randomName();

    ImportTableDescription done =
        TransferFixtures.awaitImport(
            client,
            client
                .importTable(
                    b ->
                        b.s3BucketSource(s -> s.s3Bucket(BUCKET).s3KeyPrefix(key))
                            .inputFormat(InputFormat.CSV)
                            .tableCreationParameters(plainCreationParameters(target)))
                .importTableDescription()
                .importArn());

    assertThat(done.importStatus()).isEqualTo(ImportStatus.COMPLETED);
    assertThat(done.importedItemCount()).isEqualTo(3L);
    assertThat(done.errorCount()).isEqualTo(1L);
    Waiters.tableActive(client, target);
    assertThat(TransferFixtures.scan(client, target))
        .containsExactlyInAnyOrder(
            Map.of(
                "pk", AttributeValue.fromS("p1"),
                "sk", AttributeValue.fromN("1"),
                "note", AttributeValue.fromS("a, quoted")),
            Map.of(
                "pk", AttributeValue.fromS("p2"),
                "sk", AttributeValue.fromN("2"),
                "note", AttributeValue.fromS("plain")),
            Map.of("pk", AttributeValue.fromS("p4"), "sk", AttributeValue.fromN("4")));
  }

  @Test
  void refusalsAreDynamoDbs() throws Exception {
    String table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());

    assertThatThrownBy(() -> exportNow(table, "x"))
        .isInstanceOf(PointInTimeRecoveryUnavailableException.class);
    TransferFixtures.enablePointInTimeRecovery(client, table);
    assertThatThrownBy(
            () ->
                client.exportTableToPointInTime(
                    b ->
                        b.tableArn(arnOf(table))
                            .s3Bucket(BUCKET)
                            .exportTime(Instant.now().minusSeconds(3600))))
        .isInstanceOf(InvalidExportTimeException.class);
    assertThatThrownBy(
            () ->
                client.exportTableToPointInTime(
                    b -> b.tableArn(arnOf(table)).s3Bucket("no/slashes")))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("Member must satisfy regular expression pattern");
    assertThatThrownBy(
            () ->
                client.exportTableToPointInTime(
                    b -> b.tableArn(arnOf(table)).s3Bucket(BUCKET).s3Prefix("../other-tenant")))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("S3Prefix must name a place inside the bucket");

    ExportDescription missingBucket =
        TransferFixtures.awaitExport(
            client,
            client
                .exportTableToPointInTime(b -> b.tableArn(arnOf(table)).s3Bucket("no-such-bucket"))
                .exportDescription()
                .exportArn());
    assertThat(missingBucket.exportStatus()).isEqualTo(ExportStatus.FAILED);
    assertThat(missingBucket.failureCode()).isEqualTo("S3NoSuchBucket");

    String unknownExport = arnOf(table) + "/export/01700000000000-0123abcd";
    assertThatThrownBy(() -> client.describeExport(b -> b.exportArn(unknownExport)))
        .isInstanceOf(ExportNotFoundException.class);
    String unknownImport = arnOf(table) + "/import/01700000000000-0123abcd";
    assertThatThrownBy(() -> client.describeImport(b -> b.importArn(unknownImport)))
        .isInstanceOf(ImportNotFoundException.class);
    assertThat(client.listExports(b -> b.tableArn(arnOf(table))).exportSummaries())
        .extracting(s -> s.exportArn())
        .containsExactly(missingBucket.exportArn());
  }

  @Test
  void exportsAndImportsBeyondTheTenantsTransferQuotaAreRefused() throws Exception {
    Credentials tenant = server.newTenant("transfer-quota");
    server.admin("set-quotas", tenant.tenantId(), "--max-transfer-bytes=100");
    Path ownBucket = bucketOf(tenant, BUCKET);
    Files.writeString(ownBucket.resolve("big.json"), "x".repeat(101));
    try (DynamoDbClient own = server.clientFor(tenant)) {
      String table = TablesIT.randomName();
      own.createTable(TablesIT.hashAndRange(table).build());
      for (int i = 0; i < 5; i++) {
        Map<String, AttributeValue> item =
            Map.of(
                "pk", AttributeValue.fromS("p" + i),
                "sk", AttributeValue.fromN(Integer.toString(i)),
                "v", AttributeValue.fromS("x".repeat(40)));
        own.putItem(b -> b.tableName(table).item(item));
      }
      TransferFixtures.enablePointInTimeRecovery(own, table);
      String tableArn = own.describeTable(b -> b.tableName(table)).table().tableArn();

      assertThatThrownBy(
              () -> own.exportTableToPointInTime(b -> b.tableArn(tableArn).s3Bucket(BUCKET)))
          .isInstanceOf(LimitExceededException.class);
      assertThatThrownBy(
              () ->
                  own.importTable(
                      b ->
                          b.s3BucketSource(s -> s.s3Bucket(BUCKET).s3KeyPrefix("big"))
                              .inputFormat(InputFormat.DYNAMODB_JSON)
                              .tableCreationParameters(
                                  plainCreationParameters(TablesIT.randomName()))))
          .isInstanceOf(LimitExceededException.class);
    }
  }

  static Path bucketOf(Credentials tenant, String name) throws IOException {
    Path path = server.dataDirectory().resolve("exports").resolve(tenant.tenantId()).resolve(name);
    Files.createDirectories(path);
    return path;
  }

  private static String exportNow(String table, String prefix) {
    return client
        .exportTableToPointInTime(b -> b.tableArn(arnOf(table)).s3Bucket(BUCKET).s3Prefix(prefix))
        .exportDescription()
        .exportArn();
  }

  private static String arnOf(String table) {
    return client.describeTable(b -> b.tableName(table)).table().tableArn();
  }

  private static CreateTableRequest.Builder withIndex(CreateTableRequest.Builder table) {
    return table
        .attributeDefinitions(definitions("pk", "S", "sk", "N", "v", "S"))
        .globalSecondaryIndexes(index());
  }

  private static GlobalSecondaryIndex index() {
    return GlobalSecondaryIndex.builder()
        .indexName("by-v")
        .keySchema(KeySchemaElement.builder().attributeName("v").keyType(KeyType.HASH).build())
        .projection(p -> p.projectionType(ProjectionType.ALL))
        .build();
  }

  private static TableCreationParameters creationParameters(String name) {
    return plainCreationParameters(name).toBuilder()
        .attributeDefinitions(definitions("pk", "S", "sk", "N", "v", "S"))
        .globalSecondaryIndexes(index())
        .build();
  }

  private static TableCreationParameters plainCreationParameters(String name) {
    return TableCreationParameters.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(
            KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
        .attributeDefinitions(definitions("pk", "S", "sk", "N"))
        .build();
  }

  /** Attribute definitions from name and type pairs. */
  private static List<AttributeDefinition> definitions(String... namesAndTypes) {
    List<AttributeDefinition> definitions = new ArrayList<>();
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      definitions.add(
          AttributeDefinition.builder()
              .attributeName(namesAndTypes[i])
              .attributeType(namesAndTypes[i + 1])
              .build());
    }
    return definitions;
  }

  private static void put(String table, int i, String value) {
    client.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        "pk", AttributeValue.fromS("p" + i),
                        "sk", AttributeValue.fromN(Integer.toString(i)),
                        "v", AttributeValue.fromS(value))));
  }

  /** Every exported item as {@code pk/sk=v}, read from the export's data files. */
  private static List<String> exportedValues(ExportDescription export) throws IOException {
    Path directory = bucket.resolve(export.exportManifest()).getParent();
    List<String> values = new ArrayList<>();
    for (String line : Files.readAllLines(directory.resolve("manifest-files.json"))) {
      Path data = bucket.resolve(JSON.readTree(line).get("dataFileS3Key").asText());
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(
                  new GZIPInputStream(Files.newInputStream(data)), StandardCharsets.UTF_8))) {
        for (String record = reader.readLine(); record != null; record = reader.readLine()) {
          JsonNode item = JSON.readTree(record).get("Item");
          values.add(
              item.at("/pk/S").asText()
                  + "/"
                  + item.at("/sk/N").asText()
                  + "="
                  + item.at("/v/S").asText());
        }
      }
    }
    return values;
  }
}
