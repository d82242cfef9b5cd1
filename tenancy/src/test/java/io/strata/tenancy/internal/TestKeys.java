package io.strata.tenancy.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/** Key pairs generated once per test run, and the JWTs, PEM and JWKS built from them. */
final class TestKeys {
  static final KeyPair RSA_A = generate("RSA", 2048);
  static final KeyPair RSA_B = generate("RSA", 2048);
  static final KeyPair EC_A = generateEc("secp256r1");
  static final KeyPair EC_P384 = generateEc("secp384r1");

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private TestKeys() {}

  static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  static JsonObject rsaJwk(KeyPair pair, String kid) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return new JsonObject()
        .put("kty", "RSA")
        .put("kid", kid)
        .put("use", "sig")
        .put("n", base64Url(unsigned(key.getModulus(), 0)))
        .put("e", base64Url(unsigned(key.getPublicExponent(), 0)));
  }

  static JsonObject ecJwk(KeyPair pair, String kid) {
    ECPublicKey key = (ECPublicKey) pair.getPublic();
    return new JsonObject()
        .put("kty", "EC")
        .put("kid", kid)
        .put("crv", "P-256")
        .put("x", base64Url(unsigned(key.getW().getAffineX(), 32)))
        .put("y", base64Url(unsigned(key.getW().getAffineY(), 32)));
  }

  static String jwks(JsonObject... keys) {
    return new JsonObject().put("keys", new JsonArray(Arrays.asList((Object[]) keys))).encode();
  }

  /** A compact JWS: base64url(header) "." base64url(claims) "." base64url(signature). */
  static String jwt(JsonObject header, JsonObject claims, PrivateKey key) {
    String signingInput = signingInput(header, claims);
    String algorithm = header.getString("alg");
    return signingInput + "." + base64Url(sign(algorithm, key, signingInput.getBytes(UTF_8)));
  }

  static String signingInput(JsonObject header, JsonObject claims) {
    return base64Url(header.encode().getBytes(UTF_8))
        + "."
        + base64Url(claims.encode().getBytes(UTF_8));
  }

  static String base64Url(byte[] bytes) {
    return BASE64URL.encodeToString(bytes);
  }

  static byte[] sign(String algorithm, PrivateKey key, byte[] data) {
    String jca;
    switch (algorithm) {
      case "RS256":
        jca = "SHA256withRSA";
        break;
      case "RS512":
        jca = "SHA512withRSA";
        break;
      case "ES256":
        jca = "SHA256withECDSAinP1363Format";
        break;
      case "ES384":
        jca = "SHA384withECDSAinP1363Format";
        break;
      default:
        throw new IllegalArgumentException(algorithm);
    }
    try {
      Signature signature = Signature.getInstance(jca);
      signature.initSign(key);
      signature.update(data);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The big-endian magnitude, left-padded to {@code length} bytes (0: no padding). */
  private static byte[] unsigned(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (bytes.length >= length) {
      return bytes;
    }
    byte[] padded = new byte[length];
    System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
    return padded;
  }

  private static KeyPair generate(String algorithm, int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair generateEc(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
