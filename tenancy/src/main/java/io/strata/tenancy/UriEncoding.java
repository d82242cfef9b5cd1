package io.strata.tenancy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * SigV4's URI encoding: every byte except the unreserved characters {@code A-Z a-z 0-9 - _ . ~} as
 * {@code %XY} with upper-case hex; and its inverse for raw query components.
 */
final class UriEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UriEncoding() {}

  static String encode(String value) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return encoded.toString();
  }

  /**
   * Percent-decoding; {@code +} stays a plus (query strings from AWS clients never use it for
   * space).
   */
  static String decode(String value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%' && i + 2 < value.length()) {
        int high = Character.digit(value.charAt(i + 1), 16);
        int low = Character.digit(value.charAt(i + 2), 16);
        if (high >= 0 && low >= 0) {
          bytes.write((high << 4) | low);
          i += 2;
          continue;
        }
      }
      byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      bytes.write(raw, 0, raw.length);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
