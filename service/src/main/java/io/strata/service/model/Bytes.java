package io.strata.service.model;

import java.util.Arrays;
import java.util.Base64;

/**
 * An immutable byte string with value equality and DynamoDB's ordering for binary values (unsigned,
 * byte by byte, shorter first on a common prefix).
 */
public final class Bytes implements Comparable<Bytes> {
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Bytes copyOf(byte[] bytes) {
    return new Bytes(bytes.clone());
  }

  /** Takes ownership of {@code bytes}; the caller must not modify the array afterwards. */
  public static Bytes wrap(byte[] bytes) {
    return new Bytes(bytes);
  }

  public static Bytes fromBase64(String base64) {
    return new Bytes(Base64.getDecoder().decode(base64));
  }

  public int length() {
    return bytes.length;
  }

  public byte byteAt(int index) {
    return bytes[index];
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  public String toBase64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public boolean startsWith(Bytes prefix) {
    return prefix.bytes.length <= bytes.length
        && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
  }

  /** Read-only access for encoders on hot paths; never modify the returned array. */
  byte[] unsafeArray() {
    return bytes;
  }

  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toBase64();
  }
}
