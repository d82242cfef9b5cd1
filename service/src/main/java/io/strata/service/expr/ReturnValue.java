package io.strata.service.expr;

/** UpdateItem's ReturnValues settings (validating the request's string is the handler's job). */
public enum ReturnValue {
  NONE,
  ALL_OLD,
  UPDATED_OLD,
  ALL_NEW,
  UPDATED_NEW
}
