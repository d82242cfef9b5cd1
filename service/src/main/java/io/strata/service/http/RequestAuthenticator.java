package io.strata.service.http;

import io.strata.service.api.Caller;

/**
 * Establishes who sent a request from its head and its raw body bytes, before anything parses the
 * body. Throws a {@code DynamoException} with DynamoDB's authentication error on refusal.
 */
@FunctionalInterface
public interface RequestAuthenticator {
  Caller authenticate(RequestHead head, byte[] body);
}
