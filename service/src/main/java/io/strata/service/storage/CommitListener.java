package io.strata.service.storage;

import java.util.List;

/**
 * Told, on the writer thread right after a batch is durable and before any of its requests is
 * answered, which item keys the batch changed. Caches invalidate here, so no client can read a
 * cached value older than a write it was told succeeded. Must be quick and must not block.
 */
@FunctionalInterface
public interface CommitListener {
  void committed(List<byte[]> changedItemKeys);
}
