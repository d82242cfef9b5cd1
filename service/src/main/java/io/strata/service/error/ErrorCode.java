package io.strata.service.error;

/**
 * Every error the wire protocol can return: the full {@code __type} DynamoDB puts on the wire, the
 * HTTP status, and whether SDKs retry it.
 *
 * <p>The namespaces differ on purpose and SDKs only read the part after {@code #}, but tools that
 * match the whole string (and our conformance tests) see exactly what DynamoDB sends.
 */
public enum ErrorCode {
  VALIDATION("com.amazon.coral.validate#ValidationException", 400, false),
  SERIALIZATION("com.amazon.coral.service#SerializationException", 400, false),
  UNKNOWN_OPERATION("com.amazon.coral.service#UnknownOperationException", 400, false),
  MISSING_AUTHENTICATION_TOKEN(
      "com.amazon.coral.service#MissingAuthenticationTokenException", 400, false),
  INCOMPLETE_SIGNATURE("com.amazon.coral.service#IncompleteSignatureException", 400, false),
  INVALID_SIGNATURE("com.amazon.coral.service#InvalidSignatureException", 400, false),
  UNRECOGNIZED_CLIENT("com.amazon.coral.service#UnrecognizedClientException", 400, false),
  ACCESS_DENIED("com.amazon.coral.service#AccessDeniedException", 400, false),
  REQUEST_ENTITY_TOO_LARGE("com.amazon.coral.service#RequestEntityTooLarge", 413, false),
  THROTTLING("com.amazon.coral.availability#ThrottlingException", 400, true),
  RESOURCE_NOT_FOUND("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", 400, false),
  RESOURCE_IN_USE("com.amazonaws.dynamodb.v20120810#ResourceInUseException", 400, false),
  LIMIT_EXCEEDED("com.amazonaws.dynamodb.v20120810#LimitExceededException", 400, false),
  CONDITIONAL_CHECK_FAILED(
      "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", 400, false),
  PROVISIONED_THROUGHPUT_EXCEEDED(
      "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException", 400, true),
  REQUEST_LIMIT_EXCEEDED("com.amazonaws.dynamodb.v20120810#RequestLimitExceeded", 400, true),
  ITEM_COLLECTION_SIZE_LIMIT_EXCEEDED(
      "com.amazonaws.dynamodb.v20120810#ItemCollectionSizeLimitExceededException", 400, false),
  /** A PartiQL INSERT of a key that exists (the API reference's DuplicateItemException). */
  DUPLICATE_ITEM("com.amazonaws.dynamodb.v20120810#DuplicateItemException", 400, false),
  TRANSACTION_CANCELED("com.amazonaws.dynamodb.v20120810#TransactionCanceledException", 400, false),
  TRANSACTION_CONFLICT("com.amazonaws.dynamodb.v20120810#TransactionConflictException", 400, false),
  TRANSACTION_IN_PROGRESS(
      "com.amazonaws.dynamodb.v20120810#TransactionInProgressException", 400, false),
  IDEMPOTENT_PARAMETER_MISMATCH(
      "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException", 400, false),
  BACKUP_NOT_FOUND("com.amazonaws.dynamodb.v20120810#BackupNotFoundException", 400, false),
  BACKUP_IN_USE("com.amazonaws.dynamodb.v20120810#BackupInUseException", 400, false),
  TABLE_NOT_FOUND("com.amazonaws.dynamodb.v20120810#TableNotFoundException", 400, false),
  TABLE_ALREADY_EXISTS("com.amazonaws.dynamodb.v20120810#TableAlreadyExistsException", 400, false),
  TABLE_IN_USE("com.amazonaws.dynamodb.v20120810#TableInUseException", 400, false),
  POINT_IN_TIME_RECOVERY_UNAVAILABLE(
      "com.amazonaws.dynamodb.v20120810#PointInTimeRecoveryUnavailableException", 400, false),
  INVALID_RESTORE_TIME("com.amazonaws.dynamodb.v20120810#InvalidRestoreTimeException", 400, false),
  INVALID_EXPORT_TIME("com.amazonaws.dynamodb.v20120810#InvalidExportTimeException", 400, false),
  EXPORT_NOT_FOUND("com.amazonaws.dynamodb.v20120810#ExportNotFoundException", 400, false),
  IMPORT_NOT_FOUND("com.amazonaws.dynamodb.v20120810#ImportNotFoundException", 400, false),
  EXPIRED_ITERATOR("com.amazonaws.dynamodb.v20120810#ExpiredIteratorException", 400, false),
  TRIMMED_DATA_ACCESS("com.amazonaws.dynamodb.v20120810#TrimmedDataAccessException", 400, false),
  INTERNAL_SERVER_ERROR("com.amazonaws.dynamodb.v20120810#InternalServerError", 500, true),
  /**
   * Coral's answer to a body its front end cannot decode (an unknown {@code Content-Encoding}, a
   * body that does not decompress): a 500 although the client is at fault, as DynamoDB answers
   * (scylladb test/alternator/test_compressed_request.py, which runs against DynamoDB).
   */
  INTERNAL_FAILURE("com.amazon.coral.service#InternalFailure", 500, true),
  SERVICE_UNAVAILABLE("com.amazonaws.dynamodb.v20120810#ServiceUnavailableException", 503, true);

  private final String wireType;
  private final int httpStatus;
  private final boolean retryable;

  ErrorCode(String wireType, int httpStatus, boolean retryable) {
    this.wireType = wireType;
    this.httpStatus = httpStatus;
    this.retryable = retryable;
  }

  /** The complete {@code __type} value, namespace included. */
  public String wireType() {
    return wireType;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public boolean isRetryable() {
    return retryable;
  }
}
