package io.strata.service.expr;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.strata.service.error.DynamoException;

/**
 * Parse trees by expression kind and text, bounded by the total length of the cached texts.
 * Requests reuse a handful of expression strings, so parsing once and resolving names and values
 * per request (as Alternator's parsed_expression_cache.cc does) saves the parser's work on the
 * event loop. Trees are immutable and contain placeholders only, never a request's names or values.
 * Parse failures are cached too, as their message, so a client repeating a bad expression costs a
 * lookup.
 *
 * <p>Expressions over the 4096-character limit are rejected before the cache and never stored.
 * Thread-safe.
 */
public final class ExpressionCache {
  /** About 4 MB of expression text by default. */
  public static final long DEFAULT_MAXIMUM_CHARACTERS = 4L << 20;

  private static final int ENTRY_OVERHEAD_CHARACTERS = 64;
  private static final ExpressionCache SHARED = new ExpressionCache(DEFAULT_MAXIMUM_CHARACTERS);

  private final Cache<Key, Object> cache;

  public ExpressionCache(long maximumCharacters) {
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(maximumCharacters)
            .weigher((Key key, Object value) -> key.text().length() + ENTRY_OVERHEAD_CHARACTERS)
            .build();
  }

  /** The process-wide cache. */
  public static ExpressionCache shared() {
    return SHARED;
  }

  Ast.Parsed parse(ExpressionKind kind, String text) {
    if (text.isEmpty() || text.length() > Parser.MAX_EXPRESSION_LENGTH) {
      return Parser.parse(kind, text);
    }
    Object entry = cache.get(new Key(kind, text), ExpressionCache::parseOrFailure);
    if (entry instanceof Failure failure) {
      throw DynamoException.validation(failure.message());
    }
    return (Ast.Parsed) entry;
  }

  long estimatedSize() {
    return cache.estimatedSize();
  }

  private static Object parseOrFailure(Key key) {
    try {
      return Parser.parse(key.kind(), key.text());
    } catch (DynamoException e) {
      return new Failure(e.getMessage());
    }
  }

  private record Key(ExpressionKind kind, String text) {}

  private record Failure(String message) {}
}
