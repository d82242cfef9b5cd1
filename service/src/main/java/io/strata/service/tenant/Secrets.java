package io.strata.service.tenant;

import java.security.SecureRandom;

/** Generation of identifiers and secrets in AWS's shapes. */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String SECRET_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private Secrets() {}

  /** Twelve digits, not starting with 0: what AWS tools expect of an account id. */
  static String tenantId() {
    StringBuilder id = new StringBuilder().append(1 + RANDOM.nextInt(9));
    for (int i = 1; i < 12; i++) {
      id.append(RANDOM.nextInt(10));
    }
    return id.toString();
  }

  /** {@code AKIA} and sixteen base-32 characters, like an AWS access key id. */
  static String accessKeyId() {
    return "AKIA" + random(BASE32, 16);
  }

  /** Forty characters, like an AWS secret access key (240 bits of entropy). */
  static String secretAccessKey() {
    return random(SECRET_ALPHABET, 40);
  }

  private static String random(String alphabet, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
