package io.strata.tenancy.internal;

import io.strata.tenancy.JwtIssuer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.impl.jose.JWK;
import io.vertx.ext.auth.impl.jose.JWS;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One issuer's verification keys, parsed once from its PEM keys and JWKS document.
 *
 * <p>Parsing and signature math are the Vert.x JOSE classes ({@link JWK}, {@link JWS}); choosing
 * which key may verify which token is ours, and deliberately strict:
 *
 * <ul>
 *   <li>A key is bound to exactly one algorithm, and only to algorithms the issuer allows. A JWKS
 *       key without {@code alg} is bound once per allowed algorithm of its key type. A token is
 *       verified only by keys bound to its own {@code alg}, so an RSA public key can never be used
 *       as an HMAC secret.
 *   <li>Symmetric ({@code oct}) JWKS keys and keys whose {@code use} is not {@code sig} are
 *       ignored, and so is any key that carries private material: it has no place in a verifier's
 *       configuration, and refusing it keeps a leaked signing key from looking like a setup that
 *       works.
 *   <li>EC keys must be on the curve their algorithm names (RFC 7518 section 3.4), and signatures
 *       must have the exact JWS length: {@code R || S} for ECDSA, the modulus length for RSA. This
 *       keeps DER-encoded or truncated signatures out before any math runs.
 * </ul>
 *
 * <p>Keys that fail to parse are skipped; an issuer left with no key rejects every token. Immutable
 * and thread-safe: a {@link JWS} is created per verification, because JCA {@code Signature} objects
 * are not thread-safe.
 */
final class IssuerKeys {
  private final JwtIssuer issuer;
  private final List<BoundKey> keys;

  private IssuerKeys(JwtIssuer issuer, List<BoundKey> keys) {
    this.issuer = issuer;
    this.keys = List.copyOf(keys);
  }

  static IssuerKeys parse(JwtIssuer issuer) {
    List<BoundKey> keys = new ArrayList<>();
    for (String pem : issuer.publicKeysPem()) {
      for (String algorithm : issuer.algorithms()) {
        BoundKey key =
            bind(
                null,
                algorithm,
                () ->
                    new JWK(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem.strip())));
        if (key != null) {
          keys.add(key);
        }
      }
    }
    String jwks = issuer.jwksJson();
    if (jwks != null) {
      keys.addAll(parseJwks(issuer, jwks));
    }
    return new IssuerKeys(issuer, keys);
  }

  JwtIssuer issuer() {
    return issuer;
  }

  int size() {
    return keys.size();
  }

  /**
   * True if a key bound to {@code algorithm} verifies the signature. When both the token and a key
   * carry a {@code kid}, they must match; a key without one (any PEM key) is tried for every token.
   */
  boolean verify(String algorithm, @Nullable String kid, byte[] signingInput, byte[] signature) {
    for (BoundKey key : keys) {
      if (!key.algorithm.equals(algorithm)) {
        continue;
      }
      if (kid != null && key.kid != null && !kid.equals(key.kid)) {
        continue;
      }
      if (signature.length != key.signatureBytes) {
        continue;
      }
      try {
        if (new JWS(key.jwk).verify(signature, signingInput)) {
          return true;
        }
      } catch (RuntimeException e) {
        // A malformed signature for this key: try the next one.
      }
    }
    return false;
  }

  private static List<BoundKey> parseJwks(JwtIssuer issuer, String jwks) {
    List<BoundKey> keys = new ArrayList<>();
    JsonArray entries;
    try {
      entries = new JsonObject(jwks).getJsonArray("keys");
    } catch (RuntimeException e) {
      return keys;
    }
    if (entries == null) {
      return keys;
    }
    for (Object entry : entries) {
      if (!(entry instanceof JsonObject)) {
        continue;
      }
      JsonObject json = (JsonObject) entry;
      Object use = json.getValue("use");
      if (use != null && !"sig".equals(use)) {
        continue;
      }
      Object kty = json.getValue("kty");
      Object kid = json.getValue("kid");
      Object declared = json.getValue("alg");
      for (String algorithm : issuer.algorithms()) {
        boolean fits = declared == null ? suitsKeyType(kty, algorithm) : algorithm.equals(declared);
        String curve = curveFor(algorithm);
        if (!fits || (curve != null && !curve.equals(json.getValue("crv")))) {
          continue;
        }
        BoundKey key =
            bind(
                kid instanceof String ? (String) kid : null,
                algorithm,
                () -> new JWK(json.copy().put("alg", algorithm)));
        if (key != null) {
          keys.add(key);
        }
      }
    }
    return keys;
  }

  private static boolean suitsKeyType(@Nullable Object kty, String algorithm) {
    if ("RSA".equals(kty)) {
      return algorithm.startsWith("RS") || algorithm.startsWith("PS");
    }
    return "EC".equals(kty) && algorithm.startsWith("ES");
  }

  private static @Nullable BoundKey bind(
      @Nullable String kid, String algorithm, JwkFactory factory) {
    JWK jwk;
    try {
      jwk = factory.create();
    } catch (RuntimeException e) {
      return null; // Wrong key type for this algorithm, or not a key at all.
    }
    PublicKey publicKey = jwk.publicKey();
    if (!algorithm.equals(jwk.getAlgorithm()) || jwk.privateKey() != null) {
      return null;
    }
    int signatureBytes = signatureBytes(algorithm, publicKey);
    if (signatureBytes < 0) {
      return null;
    }
    return new BoundKey(kid, algorithm, jwk, signatureBytes);
  }

  /**
   * The JWS signature length for this key, or -1 if the key does not suit the algorithm. Vert.x
   * hides the public key of EC JWKs behind its JWS-format wrapper, so the EC curve is checked on
   * the JWKS {@code crv} instead (see {@link #curveFor}); a PEM EC key on the wrong curve simply
   * never verifies.
   */
  private static int signatureBytes(String algorithm, @Nullable PublicKey publicKey) {
    switch (algorithm) {
      case "ES256":
        return 64;
      case "ES384":
        return 96;
      case "ES512":
        return 132;
      default:
        return publicKey instanceof RSAPublicKey
            ? (((RSAPublicKey) publicKey).getModulus().bitLength() + 7) / 8
            : -1;
    }
  }

  /** The JWK {@code crv} that RFC 7518 section 3.4 pairs with an ECDSA algorithm. */
  private static @Nullable String curveFor(String algorithm) {
    switch (algorithm) {
      case "ES256":
        return "P-256";
      case "ES384":
        return "P-384";
      case "ES512":
        return "P-521";
      default:
        return null;
    }
  }

  @FunctionalInterface
  private interface JwkFactory {
    JWK create();
  }

  private static final class BoundKey {
    final @Nullable String kid;
    final String algorithm;
    final JWK jwk;
    final int signatureBytes;

    BoundKey(@Nullable String kid, String algorithm, JWK jwk, int signatureBytes) {
      this.kid = kid;
      this.algorithm = algorithm;
      this.jwk = jwk;
      this.signatureBytes = signatureBytes;
    }
  }
}
