package io.strata.service.api;

import io.strata.service.error.DynamoException;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A page of a listing whose NextToken is the ARN of the previous page's last entry (ListExports,
 * ListImports): a token that names no entry is refused as DynamoDB refuses a token it did not give.
 */
final class Pages {
  private Pages() {}

  /** One page, and whether entries follow it (then its last entry's ARN is the NextToken). */
  record Page<T>(List<T> entries, boolean more) {}

  static <T> Page<T> after(
      List<T> all, @Nullable String nextToken, Function<T, String> arnOf, int size) {
    int start = 0;
    if (nextToken != null) {
      start = -1;
      for (int i = 0; i < all.size(); i++) {
        if (arnOf.apply(all.get(i)).equals(nextToken)) {
          start = i + 1;
        }
      }
      if (start < 0) {
        throw DynamoException.validation("Invalid NextToken");
      }
    }
    int end = Math.min(all.size(), start + size);
    return new Page<>(List.copyOf(all.subList(start, end)), end < all.size());
  }
}
