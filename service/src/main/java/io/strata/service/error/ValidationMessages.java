package io.strata.service.error;

/**
 * DynamoDB's wording of the validation messages that issue 15 pinned down, in one table so the
 * texts are easy to audit against captured responses. Each entry says where its text comes from: a
 * response captured from DynamoDB (quoted by dynalite's or Alternator's tests, which run against
 * AWS), the developer guide, or, where DynamoDB's text is not published (multi-attribute keys are
 * newer than every public capture), our wording in DynamoDB's style, marked as such.
 *
 * <p>Templates take their arguments with {@link String#formatted}.
 */
public final class ValidationMessages {
  private ValidationMessages() {}

  private static final String INVALID = "One or more parameter values were invalid: ";

  // ---- Multi-attribute index keys (developer guide, GSI.html#GSI.MultiAttributeKeys). ----

  /**
   * More than four HASH or RANGE elements in a global index's key schema. Our wording: the guide
   * gives the limit ("up to four attributes" each), not the message.
   */
  public static final String TOO_MANY_KEY_ATTRIBUTES =
      INVALID + "%s KeySchema of index %s has %d %s elements; at most 4 are allowed";

  /** A HASH element after a RANGE element (the guide: all partition attributes come first). */
  public static final String HASH_AFTER_RANGE =
      "Invalid KeySchema: The HASH key attributes of index %s must come before its RANGE key"
          + " attributes";

  /** A key attribute named twice in one index's key schema. Our wording. */
  public static final String DUPLICATE_KEY_ATTRIBUTE =
      "Invalid KeySchema: Attribute %s appears more than once in the KeySchema of index %s";

  /**
   * A Query on a multi-attribute key that leaves out a partition attribute, or a sort attribute
   * before one it uses (DynamoDB names the missing element, as the moto tests verified against AWS
   * record; the rest of the text extends DynamoDB's "Query condition missed key schema element").
   */
  public static final String MISSED_KEY_ELEMENT = "Query condition missed key schema element: %s";

  /**
   * A Query on a multi-attribute sort key with an inequality, BETWEEN or begins_with on a sort
   * attribute that is not the last one it uses. Our wording.
   */
  public static final String RANGE_ON_NON_LAST_SORT_KEY =
      "Query key condition not supported: only the last sort key attribute of a condition may use"
          + " a range operator; %s must be compared with =";

  // ---- Attribute definitions (UpdateTable). ----

  /**
   * An AttributeDefinitions entry that gives a key attribute of the table or of one of its indexes
   * another type: DynamoDB's text as Alternator's {@code test_gsi_updatetable.py} (run against AWS)
   * records it for an index created on a live table. Each schema shows the clashing attribute's
   * element ({@code name:type:keyType}); how DynamoDB lists a schema of several elements is not on
   * record.
   */
  public static String attributeRedefined(
      String name, String existingType, String existingKeyType, String newType, String newKeyType) {
    return INVALID
        + "Attributes cannot be redefined. Please check that your attribute has the same type as"
        + " previously defined. Existing schema: "
        + schemaElement(name, existingType, existingKeyType)
        + " New schema: "
        + schemaElement(name, newType, newKeyType);
  }

  private static String schemaElement(String name, String type, String keyType) {
    return "Schema:[SchemaElement: key{" + name + ":" + type + ":" + keyType + "}]";
  }

  // ---- Streams (UpdateTable's StreamSpecification, the DynamoDB Streams API). ----

  /**
   * Enabling a stream on a table whose stream is enabled, as AWS answers it (quoted from a captured
   * response in aws-controllers-k8s issue 1000; DynamoDB Local drops the {@code TableName} part).
   */
  public static final String STREAM_ALREADY_ENABLED =
      "Table already has an enabled stream: TableName: %s";

  /**
   * Disabling the stream of a table that has no enabled stream, as AWS answers it (captured
   * responses quoted in several projects' notes on UpdateTable; DynamoDB Local drops the {@code
   * TableName} part).
   */
  public static final String NO_STREAM_TO_DISABLE = "Table has no stream to disable: TableName: %s";

  /**
   * ListStreams with an ExclusiveStartStreamArn that is no stream ARN. DynamoDB refuses it with a
   * ValidationException (Alternator's {@code test_list_streams_with_nonexistent_last_stream}, run
   * against AWS) whose text is not on record; our wording, after DynamoDB's "Invalid StreamArn" for
   * a malformed StreamArn.
   */
  public static final String INVALID_EXCLUSIVE_START_STREAM_ARN = "Invalid ExclusiveStartStreamArn";

  // ---- Transactions. ----

  /**
   * TransactWriteItems whose items add up to more than 4 MB, with the running total at the item
   * that crossed the limit (DynamoDB Local's text; Alternator's {@code
   * test_transact_write_items_put_5MB}, run against AWS, matches "size cannot exceed" and notes
   * that DynamoDB calls it the transaction payload).
   */
  public static final String TRANSACTION_PAYLOAD_TOO_LARGE =
      "Transaction payload size cannot exceed 4MB. Payload Size: %d";

  // ---- PartiQL (captured from AWS in floci's DynamoDbPartiQLEdgeCaseIntegrationTest). ----

  /**
   * An IN list of more than 100 operands, in an expression or a PartiQL statement (PartiQL's has no
   * "Invalid ...Expression:" prefix).
   */
  public static final String TOO_MANY_IN_OPERANDS =
      "The IN operator is provided with too many operands; number of operands: %d";

  /**
   * A SELECT whose key conditions decompose into more than 50 reads: the partition values an IN or
   * OR names times the sort-key values one names (developer guide, ql-operators.html: "at max 50
   * hash attribute values").
   */
  public static final String TOO_MANY_DECOMPOSED_READS =
      "Too many decomposed read operations for a given query.";

  // ---- Index projections (CreateTable, UpdateTable). ----

  /** A NonKeyAttributes name of more than 255 bytes (DynamoDB Local's text). */
  public static final String PROJECTED_NAME_LENGTH =
      "Names of key attributes and attributes projected into an index must be between 1 and 255"
          + " characters, inclusive";

  /** A NonKeyAttributes name listed twice (DynamoDB Local's text). */
  public static final String DUPLICATE_PROJECTED_NAME =
      "Cannot have two attributes with the same name";

  // ---- Item writes. ----

  /** An attribute name of no characters (DynamoDB Local's text). */
  public static final String EMPTY_ATTRIBUTE_NAME = "Empty attribute name";

  /** An attribute name over 65,535 UTF-8 bytes (DynamoDB Local's text). */
  public static final String ATTRIBUTE_NAME_TOO_LARGE =
      "Attribute name is too large, must be less than 65536 bytes";

  /**
   * An index key value over DynamoDB's key limits (2048 bytes for a partition attribute, 1024 for a
   * sort attribute; developer guide, ServiceQuotas.html, "Partition key length" and "Sort key
   * length", which apply to index keys too). The text extends the table-key message's wording with
   * the index and attribute, as the other index-key messages name them.
   */
  public static final String INDEX_KEY_TOO_LARGE =
      "One or more parameter values were invalid: Size of %s key has exceeded the maximum size"
          + " limit of %d bytes. IndexName: %s, IndexKey: %s";

  // ---- Table settings (CreateTable, UpdateTable). ----

  /**
   * A third table class change within 30 days (HowItWorks.TableClasses: two changes per trailing
   * 30-day period). Our wording, in the style of DynamoDB's other "Subscriber limit exceeded"
   * messages.
   */
  public static final String TABLE_CLASS_CHANGES_EXCEEDED =
      "Subscriber limit exceeded: The table class of table %s can be updated at most 2 times in a"
          + " 30 day trailing period. The earliest of the recent updates was at %s";

  /** SSESpecification with SSEType or KMSMasterKeyId but not Enabled=true. Our wording. */
  public static final String SSE_OPTIONS_WITHOUT_ENABLED =
      INVALID
          + "SSEType and KMSMasterKeyId can only be specified when SSESpecification.Enabled is true";

  /**
   * A data-plane request to a table whose own data key an operator destroyed (crypto-shredding).
   * Our wording: DynamoDB's table status for a table whose KMS key is gone is {@code
   * INACCESSIBLE_ENCRYPTION_CREDENTIALS} (TableDescription), which the message names; the API
   * reference documents no data-plane error text for it.
   */
  public static final String TABLE_KEY_DESTROYED =
      "Table: %s is INACCESSIBLE_ENCRYPTION_CREDENTIALS: its data key was destroyed, so none of"
          + " its items can be read or written";

  /** An SSEType other than KMS (the API reference: "The only supported value is: KMS"). */
  public static final String SSE_TYPE_UNSUPPORTED = INVALID + "Unsupported SSEType: %s";

  /** WarmThroughput below the table's current figures. Our wording. */
  public static final String WARM_THROUGHPUT_DECREASE =
      INVALID
          + "Warm throughput can only be increased. Current ReadUnitsPerSecond: %s,"
          + " WriteUnitsPerSecond: %s";

  /** OnDemandThroughput with neither maximum (DynamoDB Local's text). */
  public static final String ON_DEMAND_THROUGHPUT_MISSING =
      "Table read and write throughput must be at least 1, and cannot be null";

  /** An on-demand maximum that is neither -1 nor at least 1 (DynamoDB Local's text). */
  public static final String ON_DEMAND_THROUGHPUT_OUT_OF_RANGE =
      INVALID + "Requested %s for OnDemandThroughput for table is outside of valid range";

  /** An on-demand maximum above the 40,000-unit table quota (DynamoDB Local's text). */
  public static final String ON_DEMAND_THROUGHPUT_ABOVE_QUOTA =
      "Cannot increase provisioned throughput to more than 40,000 units per table";

  // ---- Numbers (dynalite's tests, which run against AWS). DynamoDB Local says "DynamoDB only
  // supports precision up to 38 digits" and "A value provided cannot be converted into a number".

  public static final String TOO_MANY_DIGITS =
      "Attempting to store more than 38 significant digits in a Number";

  /** A number member that does not parse; the value is quoted unless empty. */
  public static String notNumeric(String text) {
    return "The parameter cannot be converted to a numeric value"
        + (text.isEmpty() ? "" : ": " + text);
  }

  // ---- Query and Scan (dynalite's tests against AWS; DynamoDB Local's wording in brackets). ----

  /**
   * An ExclusiveStartKey with the wrong attributes for the schema paged through [Exclusive Start
   * Key must have same size as table's key schema].
   */
  public static final String START_KEY_INVALID = "The provided starting key is invalid";

  /** [If segment is specified, total segment must also be specified] */
  public static final String TOTAL_SEGMENTS_MISSING =
      "The TotalSegments parameter is required but was not present in the request when Segment"
          + " parameter is present";

  /** [If total segments is specified, a particular segment must also be specified ...] */
  public static final String SEGMENT_MISSING =
      "The Segment parameter is required but was not present in the request when parameter"
          + " TotalSegments is present";

  /** [a constraint message on segment] */
  public static final String SEGMENT_NOT_BELOW_TOTAL =
      "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment:"
          + " %d is not less than TotalSegments: %d";

  /**
   * A key condition on a path into a key attribute [Key attributes must be scalars; list random
   * access '[]' and map lookup '.' are not allowed: Key: ...], which DynamoDB keeps for filters and
   * projections.
   */
  public static final String NESTED_KEY_CONDITION =
      "KeyConditionExpressions cannot have conditions on nested attributes";

  /**
   * An attribute named twice in AttributesToGet [Cannot have two attributes with the same name].
   */
  public static final String DUPLICATE_ATTRIBUTE_NAME =
      INVALID + "Duplicate value in attribute name: %s";

  /**
   * A parallel Scan's ExclusiveStartKey whose partition another segment scans (DynamoDB Local's
   * text).
   */
  public static final String START_KEY_OUTSIDE_SEGMENT =
      "Exclusive start key must lie within the segment";

  // ---- Tags (developer guide, Tagging.html, "Tagging restrictions"). ----

  /** A tag key or value with a character the guide does not allow. Our wording. */
  public static final String TAG_CHARACTERS =
      INVALID
          + "Tag keys and values may contain only letters, numbers, spaces and + - = . _ : / @;"
          + " tag key: %s";

  /** A tag key with the prefix reserved for AWS. Our wording. */
  public static final String TAG_RESERVED_PREFIX =
      INVALID + "Tag keys beginning with aws: are reserved for AWS use; tag key: %s";

  /** CreateTable with more tags than a resource may have. Our wording. */
  public static final String TOO_MANY_TAGS_AT_CREATION =
      INVALID + "The number of tags exceeds the maximum of %d tags per resource";
}
