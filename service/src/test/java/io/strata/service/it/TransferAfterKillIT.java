package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.ServerProcess;
import io.strata.service.testing.Waiters;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.InputCompressionType;
import software.amazon.awssdk.services.dynamodb.model.InputFormat;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * An export and an import killed with SIGKILL while in progress resume when the server starts
 * again: the export completes with every item of its instant, and the import, killed after some of
 * its batches, completes with exactly the source's items, none lost or doubled.
 *
 * <p>The moments of the kills are states, not delays: the export as soon as it is accepted (its
 * instant's changes are still being materialized), the import the first time it reports some but
 * not all of its items processed.
 */
@Timeout(300)
class TransferAfterKillIT {
  private static final int ITEMS = 10_000;

  @Test
  void anExportAndAnImportKilledMidwayCompleteAfterARestart() throws Exception {
    try (ServerProcess server =
        ServerProcess.start(Map.of("STRATA_CONTROL_PLANE_RATE", "1000000"))) {
      String tenant = server.firstTenant().tenantId();
      Files.createDirectories(server.dataDirectory().resolve("exports/" + tenant + "/bk"));
      String table = TablesIT.randomName();
      String imported = table + "-imported";
      Set<Map<String, AttributeValue>> source;
      String exportArn;
      String importArn;
      try (DynamoDbClient client = server.client()) {
        client.createTable(TablesIT.hashAndRange(table).build());
        TransferFixtures.enablePointInTimeRecovery(client, table);
        TransferFixtures.load(client, table, 0, ITEMS);
        source = TransferFixtures.scan(client, table);
        String tableArn = client.describeTable(b -> b.tableName(table)).table().tableArn();
        ExportDescription accepted =
            client
                .exportTableToPointInTime(b -> b.tableArn(tableArn).s3Bucket("bk"))
                .exportDescription();
        exportArn = accepted.exportArn();
        server.kill();
        assertThat(accepted.exportStatus()).isEqualTo(ExportStatus.IN_PROGRESS);
      }

      server.restart();
      try (DynamoDbClient client = server.client()) {
        ExportDescription export = TransferFixtures.awaitExport(client, exportArn);
        assertThat(export.exportStatus()).isEqualTo(ExportStatus.COMPLETED);
        assertThat(export.itemCount()).isEqualTo(ITEMS);
        importArn =
            client
                .importTable(
                    b ->
                        b.s3BucketSource(
                                s ->
                                    s.s3Bucket("bk")
                                        .s3KeyPrefix(
                                            "AWSDynamoDB/"
                                                + TransferFixtures.exportId(export)
                                                + "/data/"))
                            .inputFormat(InputFormat.DYNAMODB_JSON)
                            .inputCompressionType(InputCompressionType.GZIP)
                            .tableCreationParameters(
                                t ->
                                    t.tableName(imported)
                                        .billingMode(BillingMode.PAY_PER_REQUEST)
                                        .keySchema(
                                            TablesIT.hashAndRange(imported).build().keySchema())
                                        .attributeDefinitions(
                                            TablesIT.hashAndRange(imported)
                                                .build()
                                                .attributeDefinitions())))
                .importTableDescription()
                .importArn();
        ImportTableDescription halfway = describeImport(client, importArn);
        while (halfway.processedItemCount() == 0) {
          halfway = describeImport(client, importArn);
        }
        server.kill();
        assertThat(halfway.importStatus()).isEqualTo(ImportStatus.IN_PROGRESS);
        assertThat(halfway.processedItemCount()).isBetween(1L, ITEMS - 1L);
      }

      server.restart();
      try (DynamoDbClient client = server.client()) {
        ImportTableDescription done = TransferFixtures.awaitImport(client, importArn);
        assertThat(done.importStatus()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(done.importedItemCount()).isEqualTo(ITEMS);
        TableDescription importedTable = Waiters.tableActive(client, imported);
        assertThat(importedTable.itemCount()).isEqualTo(ITEMS);
        assertThat(TransferFixtures.scan(client, imported)).isEqualTo(source);
      }
    }
  }

  private static ImportTableDescription describeImport(DynamoDbClient client, String importArn) {
    return client.describeImport(b -> b.importArn(importArn)).importTableDescription();
  }
}
