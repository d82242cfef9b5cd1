package io.strata.service.table;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A table's stream: which view of changes it records, and which stream incarnation is current.
 * Enabling a stream starts a new incarnation with a new label (its creation time, as DynamoDB
 * labels streams); disabling keeps the label so the last stream stays readable for its 24 hours.
 *
 * @param enabled whether changes are being recorded now
 * @param viewType KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES
 * @param label the current (or last) stream's label, e.g. {@code 2026-11-25T03:27:46.836}
 * @param firstSequenceNumber the first sequence number of the current stream
 * @param disabledAt when the stream was disabled, if it was
 */
public record StreamSettings(
    boolean enabled,
    String viewType,
    String label,
    long firstSequenceNumber,
    Instant createdAt,
    @Nullable Instant disabledAt) {}
