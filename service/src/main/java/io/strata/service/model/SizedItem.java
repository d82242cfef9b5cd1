package io.strata.service.model;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * An item that will not change, with its {@link ItemSize} computed once: see {@link
 * ItemSize#sized}. Unmodifiable, so the remembered size cannot go stale; equal to any map with the
 * same attributes.
 */
final class SizedItem extends AbstractMap<String, AttributeValue> {
  private final Map<String, AttributeValue> attributes;
  private final long sizeBytes;

  SizedItem(Map<String, AttributeValue> attributes, long sizeBytes) {
    this.attributes = Collections.unmodifiableMap(attributes);
    this.sizeBytes = sizeBytes;
  }

  long sizeBytes() {
    return sizeBytes;
  }

  @Override
  public @Nullable AttributeValue get(@Nullable Object name) {
    return attributes.get(name);
  }

  @Override
  public boolean containsKey(@Nullable Object name) {
    return attributes.containsKey(name);
  }

  @Override
  public int size() {
    return attributes.size();
  }

  @Override
  public Set<Entry<String, AttributeValue>> entrySet() {
    return attributes.entrySet();
  }

  @Override
  public Set<String> keySet() {
    return attributes.keySet();
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super AttributeValue> action) {
    attributes.forEach(action);
  }
}
