package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.BillingMode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reading and checking {@code BillingMode} and {@code ProvisionedThroughput} members. */
final class Throughputs {
  static final List<String> BILLING_MODES = List.of("PROVISIONED", "PAY_PER_REQUEST");
  private static final long MAX_UNITS = 1_000_000_000_000L;

  /** ProvisionedThroughput as sent; members may be missing. */
  record Requested(@Nullable Long readCapacityUnits, @Nullable Long writeCapacityUnits) {}

  private Throughputs() {}

  static @Nullable Requested read(@Nullable JsonRequest member) {
    return member == null
        ? null
        : new Requested(
            member.longValue("ReadCapacityUnits"), member.longValue("WriteCapacityUnits"));
  }

  static void check(Constraints constraints, String path, @Nullable Requested throughput) {
    if (throughput == null) {
      return;
    }
    constraints
        .notNull(path + ".writeCapacityUnits", throughput.writeCapacityUnits())
        .min(path + ".writeCapacityUnits", throughput.writeCapacityUnits(), 1)
        .notNull(path + ".readCapacityUnits", throughput.readCapacityUnits())
        .min(path + ".readCapacityUnits", throughput.readCapacityUnits(), 1);
  }

  static void checkBounds(Requested throughput) {
    if (throughput.readCapacityUnits() > MAX_UNITS) {
      throw DynamoException.validation(
          "Given value "
              + throughput.readCapacityUnits()
              + " for ReadCapacityUnits is out of bounds");
    }
    if (throughput.writeCapacityUnits() > MAX_UNITS) {
      throw DynamoException.validation(
          "Given value "
              + throughput.writeCapacityUnits()
              + " for WriteCapacityUnits is out of bounds");
    }
  }

  /** The billing-mode and throughput combinations CreateTable accepts. */
  static BillingMode resolveForCreate(
      @Nullable String billingMode, @Nullable Requested throughput) {
    BillingMode mode =
        billingMode == null ? BillingMode.PROVISIONED : BillingMode.valueOf(billingMode);
    if (mode == BillingMode.PAY_PER_REQUEST && throughput != null) {
      throw DynamoException.validation(
          "One or more parameter values were invalid: Neither ReadCapacityUnits nor"
              + " WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }
    if (mode == BillingMode.PROVISIONED && throughput == null) {
      throw DynamoException.validation(
          billingMode == null
              ? "No provisioned throughput specified for the table"
              : "One or more parameter values were invalid: ReadCapacityUnits and"
                  + " WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
    }
    if (throughput != null) {
      checkBounds(throughput);
    }
    return mode;
  }
}
