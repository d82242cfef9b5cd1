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

  // ---- Item writes. ----

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
}
