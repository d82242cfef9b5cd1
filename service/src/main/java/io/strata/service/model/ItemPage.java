package io.strata.service.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One page of a Query or Scan, as read from storage before any filter: the items evaluated, their
 * summed size (what the read is charged on), and the key to resume after, present when the page
 * stopped at its item limit or its size limit.
 */
public record ItemPage(
    List<Map<String, AttributeValue>> items,
    long bytesRead,
    @Nullable PrimaryKey lastEvaluatedKey) {}
