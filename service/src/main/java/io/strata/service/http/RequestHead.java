package io.strata.service.http;

import io.vertx.core.MultiMap;

/** The parts of an HTTP request that authentication signs: everything but the body. */
public record RequestHead(String method, String rawPath, String rawQuery, MultiMap headers) {}
