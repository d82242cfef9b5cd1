package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import io.strata.service.table.BillingMode;
import io.strata.service.table.ProvisionedThroughput;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableSettings;
import io.strata.service.table.TableStats;
import io.strata.service.tenant.TableQuota;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** CreateTable: validates the schema in DynamoDB's order and registers the table. */
public final class CreateTable implements Operation<CreateTable.Request> {
  record Request(
      String tableName,
      KeySchema keySchema,
      Map<String, AttributeValue.Type> attributeDefinitions,
      BillingMode billingMode,
      ProvisionedThroughput throughput,
      Map<String, String> tags,
      boolean deletionProtection,
      StreamSpecifications.@Nullable Requested stream,
      List<SecondaryIndex> indexes,
      TableSettings settings) {}

  private final TableCatalog catalog;
  private final Writer writer;
  private final Clock clock;
  private final TableQuota tableQuota;

  public CreateTable(TableCatalog catalog, Writer writer, Clock clock, TableQuota tableQuota) {
    this.catalog = catalog;
    this.writer = writer;
    this.clock = clock;
    this.tableQuota = tableQuota;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    List<TableSchemas.Definition> definitions = TableSchemas.readDefinitions(body);
    String tableName = body.string("TableName");
    List<TableSchemas.KeyElement> keySchema =
        TableSchemas.readKeySchema(body.structureList("KeySchema"));
    String billingMode = body.string("BillingMode");
    Throughputs.Requested throughput = Throughputs.read(body.structure("ProvisionedThroughput"));
    List<Tags.Tag> tags = Tags.read(body);
    Boolean deletionProtection = body.bool("DeletionProtectionEnabled");
    List<SecondaryIndexes.Requested> indexes = SecondaryIndexes.read(body);

    Constraints constraints = new Constraints();
    TableSchemas.checkDefinitions(constraints, "attributeDefinitions", definitions);
    constraints.tableName("tableName", tableName, 255);
    TableSchemas.checkKeySchema(constraints, "keySchema", keySchema);
    SecondaryIndexes.check(constraints, indexes);
    constraints.oneOf("billingMode", billingMode, Throughputs.BILLING_MODES);
    Throughputs.check(constraints, "provisionedThroughput", throughput);
    Tags.check(constraints, tags);
    TableSettingsRequest settings = TableSettingsRequest.read(body, constraints);
    StreamSpecifications.Requested stream = StreamSpecifications.read(body, constraints);
    constraints.check();

    StreamSpecifications.validate(stream);
    BillingMode mode = Throughputs.resolveForCreate(billingMode, throughput);
    Map<String, AttributeValue.Type> definitionMap = TableSchemas.definitionMap(definitions);
    KeySchema resolved = TableSchemas.resolve(keySchema, definitionMap);
    if (indexes == null && keySchema.size() != definitionMap.size()) {
      throw DynamoException.validation(
          "One or more parameter values were invalid: Number of attributes in KeySchema does not"
              + " exactly match number of attributes defined in AttributeDefinitions");
    }
    List<SecondaryIndex> resolvedIndexes =
        indexes == null
            ? List.of()
            : SecondaryIndexes.resolve(
                indexes,
                body.has("LocalSecondaryIndexes"),
                body.has("GlobalSecondaryIndexes"),
                resolved,
                definitionMap,
                mode);
    return new Request(
        tableName,
        resolved,
        definitionMap,
        mode,
        throughput == null
            ? ProvisionedThroughput.NONE
            : ProvisionedThroughput.of(
                throughput.readCapacityUnits(), throughput.writeCapacityUnits()),
        tags == null ? Map.of() : Tags.forCreate(tags),
        Boolean.TRUE.equals(deletionProtection),
        stream,
        resolvedIndexes,
        settings.forCreate(mode));
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    return writer
        .submit(
            TableChanges.create(
                draft(request, context.tenantId(), clock.instant()),
                tableQuota.of(context.tenantId())))
        .map(
            table ->
                TableDescriptions.response(
                    "TableDescription", table, "CREATING", id -> TableStats.Totals.EMPTY, context));
  }

  /** The table a validated request defines, without ids yet (ImportTable's too). */
  static TableMetadata draft(Request request, String tenantId, Instant now) {
    return new TableMetadata(
        tenantId,
        request.tableName(),
        0,
        UUID.randomUUID().toString(),
        request.keySchema(),
        request.attributeDefinitions(),
        request.billingMode(),
        request.throughput(),
        now,
        now,
        request.deletionProtection(),
        request.tags(),
        request.stream() == null || !request.stream().enabled()
            ? null
            : StreamSpecifications.enable(request.stream(), now, 1),
        List.of(),
        null,
        request.indexes(),
        request.settings(),
        null);
  }
}
