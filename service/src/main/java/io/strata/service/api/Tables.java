package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.error.ValidationMessages;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableMetadata;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turning what a request names (a table name, or a table ARN where DynamoDB accepts one) into one
 * of the caller's tables. An ARN of another tenant's table is refused the way AWS refuses a
 * cross-account ARN, before anything is looked up, so it reveals nothing about that table.
 */
final class Tables {
  private static final Pattern TABLE_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:dynamodb:([a-z0-9-]*):(\\d{12}):table/([a-zA-Z0-9_.-]{3,255})");

  private Tables() {}

  /** The {@code TableName} of a request that names one table and nothing else, validated. */
  static String requiredName(JsonRequest body) {
    String tableName = body.string("TableName");
    new Constraints().tableNameOrArn("tableName", tableName).check();
    return tableName;
  }

  /** For control-plane operations, whose not-found message names the table. */
  static TableMetadata describe(
      TableCatalog catalog, RequestContext context, String nameOrArn, String operation) {
    String name = ownTableName(context, nameOrArn, operation);
    return catalog
        .find(context.table(name))
        .orElseThrow(
            () ->
                DynamoException.resourceNotFound(
                    "Requested resource not found: Table: " + name + " not found"));
  }

  /**
   * For the tagging operations, which take a {@code ResourceArn} (a bare name is not accepted). A
   * well-formed ARN of a table the caller does not have is refused as access denied, as DynamoDB
   * refuses tagging a resource that does not exist, rather than as not found.
   */
  static TableMetadata describeByArn(
      TableCatalog catalog, RequestContext context, String resourceArn, String operation) {
    if (!resourceArn.startsWith("arn:")) {
      throw invalidArn(resourceArn);
    }
    String name = ownTableName(context, resourceArn, operation);
    return catalog
        .find(context.table(name))
        .orElseThrow(() -> accessDenied(context, operation, resourceArn));
  }

  /**
   * For item operations, whose not-found message is the bare one. A table still being restored
   * ({@code CREATING}) is not found either, as DynamoDB answers data-plane requests to a table it
   * is still creating (ResourceNotFoundException's documentation: "its status might not be
   * ACTIVE"). A table whose own data key was destroyed is refused with one clear error before any
   * of its values is touched, rather than with an internal error per value that fails to open.
   */
  static TableMetadata forItems(
      TableCatalog catalog, RequestContext context, String nameOrArn, String operation) {
    String name = ownTableName(context, nameOrArn, operation);
    return requireReadable(
        catalog
            .find(context.table(name))
            .filter(found -> !found.isRestoring())
            .orElseThrow(DynamoException::tableNotFound));
  }

  /** Refuses a request for the values of a table whose own data key was destroyed. */
  static TableMetadata requireReadable(TableMetadata table) {
    if (table.settings().isKeyDestroyed()) {
      throw DynamoException.validation(
          ValidationMessages.TABLE_KEY_DESTROYED.formatted(table.name()));
    }
    return table;
  }

  /**
   * Refuses a control-plane request that needs the table's items while it is still being restored,
   * with {@code code} (the operation's in-use error) and DynamoDB's in-use wording.
   */
  static void requireNotRestoring(TableMetadata table, ErrorCode code) {
    if (table.isRestoring()) {
      throw TableChanges.beingCreated(code, table.name());
    }
  }

  /**
   * The backup and point-in-time operations' refusal of a table that does not exist: {@code
   * TableNotFoundException}, not the {@code ResourceNotFoundException} of the table operations.
   */
  static DynamoException tableNotFound(String tableName) {
    return new DynamoException(ErrorCode.TABLE_NOT_FOUND, "Table not found: " + tableName);
  }

  /** The table name in a name-or-ARN member, insisting that an ARN is the caller's own. */
  static String ownTableName(RequestContext context, String nameOrArn, String operation) {
    if (!nameOrArn.startsWith("arn:")) {
      return nameOrArn;
    }
    Matcher arn = TABLE_ARN.matcher(nameOrArn);
    if (!arn.matches()) {
      throw invalidArn(nameOrArn);
    }
    if (!arn.group(2).equals(context.tenantId())) {
      throw accessDenied(context, operation, nameOrArn);
    }
    return arn.group(3);
  }

  private static DynamoException invalidArn(String arn) {
    return DynamoException.validation(
        "Invalid TableArn: Invalid ResourceArn provided as input " + arn);
  }

  static DynamoException accessDenied(RequestContext context, String operation, String resource) {
    return new DynamoException(
        ErrorCode.ACCESS_DENIED,
        "User: arn:aws:iam::"
            + context.tenantId()
            + ":user/"
            + context.credentialId()
            + " is not authorized to perform: dynamodb:"
            + operation
            + " on resource: "
            + resource
            + " because no resource-based policy allows the dynamodb:"
            + operation
            + " action");
  }
}
