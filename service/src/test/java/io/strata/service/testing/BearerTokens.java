package io.strata.service.testing;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.signer.Signer;
import software.amazon.awssdk.http.SdkHttpFullRequest;

/**
 * An ES256 token issuer for tests, and an SDK signer that sends {@code Authorization: Bearer}
 * instead of SigV4: how a DynamoDB client authenticates with a JWT against Strata.
 */
public final class BearerTokens {
  private final KeyPair keys;
  private final String issuer;

  public BearerTokens(String issuer) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      this.keys = generator.generateKeyPair();
      this.issuer = issuer;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public String issuer() {
    return issuer;
  }

  public String publicKeyPem() {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(keys.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** A signed token with these claims plus {@code iss}. */
  public String token(Map<String, Object> claims) {
    String header = encode("{\"alg\":\"ES256\",\"typ\":\"JWT\"}");
    String payload =
        encode(
            "{\"iss\":\""
                + issuer
                + "\","
                + claims.entrySet().stream()
                    .map(e -> "\"" + e.getKey() + "\":" + json(e.getValue()))
                    .collect(Collectors.joining(","))
                + "}");
    try {
      Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
      signer.initSign(keys.getPrivate());
      signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header
          + "."
          + payload
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static long inMinutes(int minutes) {
    return Instant.now().plusSeconds(60L * minutes).getEpochSecond();
  }

  /** Replaces the SDK's SigV4 signature with the bearer token. */
  public static Signer bearerSigner(String token) {
    return new Signer() {
      @Override
      public SdkHttpFullRequest sign(SdkHttpFullRequest request, ExecutionAttributes attributes) {
        return request.toBuilder().putHeader("Authorization", "Bearer " + token).build();
      }
    };
  }

  private static String json(Object value) {
    return value instanceof String text ? "\"" + text + "\"" : value.toString();
  }

  private static String encode(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
