package io.strata.service.table;

/** DynamoDB's two billing modes; persisted by name. */
public enum BillingMode {
  PROVISIONED,
  PAY_PER_REQUEST
}
