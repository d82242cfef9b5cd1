package io.strata.service.item;

/**
 * When a page stops: after {@code maxItems} items (the request's Limit) or once the items read
 * reach {@code maxBytes} (DynamoDB's 1 MB), whichever comes first. The item that crosses the size
 * limit is still part of the page.
 */
public record PageLimits(int maxItems, long maxBytes) {
  public static final long ONE_MEGABYTE = 1024 * 1024;
}
