package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.amazon.ion.IonBlob;
import com.amazon.ion.IonBool;
import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonList;
import com.amazon.ion.IonSequence;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.service.testing.StrataTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportFormat;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;

/**
 * ION exports read back with Amazon's own Ion library (ion-java) as the oracle: every DynamoDB
 * type, written as the type DynamoDB's ION exports use (developer guide, "DynamoDB table export
 * output format"), turns back into the item the table holds, including strings that need escapes,
 * attribute names that are not Ion identifiers and a number of 38 digits; each line is one {@code
 * $ion_1_0 {Item:...}} value, and the manifests name the format and the {@code .ion.gz} files.
 */
@Timeout(120)
class IonExportIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final IonSystem ION = IonSystemBuilder.standard().build();
  private static final String BUCKET = "ion-bucket";

  private static StrataTestServer server;
  private static DynamoDbClient client;
  private static Path bucket;

  @BeforeAll
  static void start() throws IOException {
    server = StrataTestServer.start(Map.of("STRATA_CONTROL_PLANE_RATE", "1000000"));
    client = server.client();
    bucket =
        server
            .dataDirectory()
            .resolve("exports")
            .resolve(server.firstTenant().tenantId())
            .resolve(BUCKET);
    Files.createDirectories(bucket);
  }

  @AfterAll
  static void stop() {
    client.close();
    server.closeQuietly();
  }

  @Test
  void anIonExportReadByTheIonLibraryGivesBackEveryTypeOfEveryItem() throws Exception {
    String table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
    client.putItem(b -> b.tableName(table).item(everyType()));
    for (int i = 1; i <= 3; i++) {
      Map<String, AttributeValue> plain =
          Map.of(
              "pk", AttributeValue.fromS("plain-" + i),
              "sk", AttributeValue.fromN(Integer.toString(i * 10)));
      client.putItem(b -> b.tableName(table).item(plain));
    }
    TransferFixtures.enablePointInTimeRecovery(client, table);
    String tableArn = client.describeTable(b -> b.tableName(table)).table().tableArn();

    ExportDescription export =
        TransferFixtures.awaitExport(
            client,
            client
                .exportTableToPointInTime(
                    b ->
                        b.tableArn(tableArn)
                            .s3Bucket(BUCKET)
                            .s3Prefix("ion")
                            .exportFormat(ExportFormat.ION))
                .exportDescription()
                .exportArn());

    assertThat(export.exportStatus()).isEqualTo(ExportStatus.COMPLETED);
    assertThat(export.exportFormat()).isEqualTo(ExportFormat.ION);
    assertThat(export.itemCount()).isEqualTo(4L);
    Path directory = bucket.resolve(export.exportManifest()).getParent();
    JsonNode summary = JSON.readTree(directory.resolve("manifest-summary.json").toFile());
    assertThat(summary.get("outputFormat").asText()).isEqualTo("ION");
    List<String> dataKeys = new ArrayList<>();
    for (String line : Files.readAllLines(directory.resolve("manifest-files.json"))) {
      dataKeys.add(JSON.readTree(line).get("dataFileS3Key").asText());
    }
    assertThat(dataKeys).isNotEmpty().allSatisfy(key -> assertThat(key).endsWith(".ion.gz"));

    Set<Map<String, AttributeValue>> exported = new HashSet<>();
    for (String key : dataKeys) {
      byte[] text = gunzip(bucket.resolve(key));
      for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
        assertThat(line).startsWith("$ion_1_0 {Item:");
      }
      Iterator<IonValue> values = ION.iterate(new String(text, StandardCharsets.UTF_8));
      while (values.hasNext()) {
        IonStruct record = (IonStruct) values.next();
        assertThat(record.size()).isEqualTo(1);
        exported.add(itemOf((IonStruct) record.get("Item")));
      }
    }
    assertThat(exported).isEqualTo(TransferFixtures.scan(client, table));
  }

  /** One item with each of DynamoDB's ten types, and names and strings that Ion must quote. */
  private static Map<String, AttributeValue> everyType() {
    Map<String, AttributeValue> nested = new LinkedHashMap<>();
    nested.put("inner", AttributeValue.fromS("deep"));
    nested.put("not an identifier", AttributeValue.fromN("-0.000000125"));
    nested.put("null", AttributeValue.fromNul(true));
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.fromS("every-type"));
    item.put("sk", AttributeValue.fromN("1"));
    item.put(
        "escapes", AttributeValue.fromS("quote \" backslash \\ newline\n tab\t bell\u0007 é € 😀"));
    item.put("big", AttributeValue.fromN("-1234567890123456789012345678901234567.8"));
    item.put("huge", AttributeValue.fromN("9.9E+125"));
    item.put("tiny", AttributeValue.fromN("1E-130"));
    item.put("round", AttributeValue.fromN("1200"));
    item.put("bytes", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, -1, 42, 10})));
    item.put("yes", AttributeValue.fromBool(true));
    item.put("nothing", AttributeValue.fromNul(true));
    item.put("map", AttributeValue.fromM(nested));
    item.put(
        "list",
        AttributeValue.fromL(
            List.of(
                AttributeValue.fromS("x"),
                AttributeValue.fromN("2"),
                AttributeValue.fromL(List.of()),
                AttributeValue.fromBool(false))));
    item.put("strings", AttributeValue.fromSs(List.of("a", "it's \"quoted\"")));
    item.put("numbers", AttributeValue.fromNs(List.of("1", "2.5", "3E+10")));
    item.put(
        "blobs",
        AttributeValue.fromBs(
            List.of(SdkBytes.fromByteArray(new byte[] {1}), SdkBytes.fromByteArray(new byte[0]))));
    item.put("with space-and.dot", AttributeValue.fromS("name quoted"));
    item.put("$1", AttributeValue.fromS("not a symbol id"));
    item.put("true", AttributeValue.fromS("not a keyword"));
    return item;
  }

  private static Map<String, AttributeValue> itemOf(IonStruct struct) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (IonValue field : struct) {
      item.put(field.getFieldName(), attributeOf(field));
    }
    return item;
  }

  /** DynamoDB's Ion type mapping, read backwards; anything else (an Ion int, float) fails. */
  private static AttributeValue attributeOf(IonValue value) {
    String[] annotations = value.getTypeAnnotations();
    if (annotations.length > 0) {
      assertThat(value.getType()).isEqualTo(IonType.LIST);
      IonSequence set = (IonSequence) value;
      switch (annotations[0]) {
        case "$dynamodb_SS":
          return AttributeValue.fromSs(
              set.stream().map(element -> ((IonString) element).stringValue()).toList());
        case "$dynamodb_NS":
          return AttributeValue.fromNs(set.stream().map(IonExportIT::numberOf).toList());
        case "$dynamodb_BS":
          return AttributeValue.fromBs(
              set.stream()
                  .map(element -> SdkBytes.fromByteArray(((IonBlob) element).getBytes()))
                  .toList());
        default:
          return fail("unexpected annotations " + Arrays.toString(annotations));
      }
    }
    return switch (value.getType()) {
      case STRING -> AttributeValue.fromS(((IonString) value).stringValue());
      case DECIMAL -> AttributeValue.fromN(numberOf(value));
      case BLOB -> AttributeValue.fromB(SdkBytes.fromByteArray(((IonBlob) value).getBytes()));
      case BOOL -> AttributeValue.fromBool(((IonBool) value).booleanValue());
      case NULL -> AttributeValue.fromNul(true);
      case STRUCT -> AttributeValue.fromM(itemOf((IonStruct) value));
      case LIST ->
          AttributeValue.fromL(((IonList) value).stream().map(IonExportIT::attributeOf).toList());
      default -> fail("DynamoDB's Ion exports have no " + value.getType() + ": " + value);
    };
  }

  /** A decimal as DynamoDB writes numbers: plain digits, no exponent. */
  private static String numberOf(IonValue value) {
    assertThat(value.getType()).isEqualTo(IonType.DECIMAL);
    return ((IonDecimal) value).bigDecimalValue().toPlainString();
  }

  private static byte[] gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }
}
