package io.strata.service.json;

import io.strata.service.error.DynamoException;

/**
 * Refuses request bodies whose text is not well-formed Unicode, before the JSON parser sees them.
 *
 * <p>DynamoDB stores strings as UTF-8 and refuses what is not valid UTF-8. Jackson is more
 * forgiving in two ways that matter here: it decodes overlong forms ({@code C0 AF} becomes {@code
 * /}) and surrogates encoded as three bytes ({@code ED A0 80}), and it accepts escaped lone
 * surrogates ({@code \udc00}), which Java strings can hold but UTF-8 cannot encode: they became
 * {@code ?} on the way to storage, so a key {@code col\udc001} overwrote the item {@code col?1}.
 * Either way two different requests could name the same item.
 *
 * <p>So the bytes are checked against RFC 3629's table of well-formed sequences (shortest form
 * only, no surrogates, nothing above U+10FFFF), and every {@code \\u} escape of a surrogate must be
 * a high one directly followed by an escaped low one. A backslash can only appear inside a JSON
 * string, where it always starts an escape, so the escapes are found without parsing the JSON. One
 * pass, and plain ASCII costs one comparison per byte.
 */
final class Unicode {
  private Unicode() {}

  /** Throws DynamoDB's ValidationException unless {@code body} is well-formed. */
  static void requireWellFormed(byte[] body) {
    int i = 0;
    while (i < body.length) {
      int b = body[i] & 0xFF;
      if (b < 0x80) {
        i = b == '\\' ? afterEscape(body, i) : i + 1;
      } else {
        i = afterMultiByteSequence(body, i, b);
      }
    }
  }

  /** Where the UTF-8 sequence starting at {@code start} with lead byte {@code lead} ends. */
  private static int afterMultiByteSequence(byte[] body, int start, int lead) {
    int length;
    int secondMin = 0x80;
    int secondMax = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) {
        secondMin = 0xA0; // below is an overlong form of U+0000..U+07FF
      } else if (lead == 0xED) {
        secondMax = 0x9F; // above are the surrogates U+D800..U+DFFF
      }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) {
        secondMin = 0x90; // below is an overlong form of U+0000..U+FFFF
      } else if (lead == 0xF4) {
        secondMax = 0x8F; // above is beyond U+10FFFF
      }
    } else {
      throw invalid(start, "a byte that cannot start a UTF-8 sequence or an overlong encoding");
    }
    if (start + length > body.length) {
      throw invalid(start, "a truncated UTF-8 sequence");
    }
    for (int k = 1; k < length; k++) {
      int next = body[start + k] & 0xFF;
      int min = k == 1 ? secondMin : 0x80;
      int max = k == 1 ? secondMax : 0xBF;
      if (next < min || next > max) {
        throw invalid(start, "an ill-formed UTF-8 sequence (overlong, surrogate or truncated)");
      }
    }
    return start + length;
  }

  /** Where the escape starting at the backslash at {@code start} ends. */
  private static int afterEscape(byte[] body, int start) {
    int unit = escapedCodeUnit(body, start);
    if (unit < 0) {
      return Math.min(start + 2, body.length); // \n, \", \\ ... or malformed: the parser judges
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      throw invalid(start, "a low surrogate escape without a high surrogate before it");
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      int low = escapedCodeUnit(body, start + 6);
      if (low < 0xDC00 || low > 0xDFFF) {
        throw invalid(start, "a high surrogate escape without a low surrogate after it");
      }
      return start + 12;
    }
    return start + 6;
  }

  /** The code unit of a {@code \\uXXXX} escape at {@code start}, or -1 if there is none there. */
  private static int escapedCodeUnit(byte[] body, int start) {
    if (start + 6 > body.length || body[start] != '\\' || body[start + 1] != 'u') {
      return -1;
    }
    int unit = 0;
    for (int k = start + 2; k < start + 6; k++) {
      int digit = Character.digit(body[k], 16);
      if (digit < 0) {
        return -1;
      }
      unit = unit * 16 + digit;
    }
    return unit;
  }

  private static DynamoException invalid(int offset, String what) {
    return DynamoException.validation(
        "The request is not valid UTF-8: " + what + " at byte offset " + offset);
  }
}
