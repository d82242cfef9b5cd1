package io.strata.crypto;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The HTTPS server's certificate chain and private key, as JDK types.
 *
 * <p>With no configuration the service generates a self-signed EC P-256 certificate into its data
 * directory on first start and reuses it on every later start (clients pin it: regenerating would
 * break them). Operators may instead point at PEM files (PKCS#8, PKCS#1 or SEC1 keys); the
 * fingerprint lets the server notice a renewed certificate and reload it without a restart.
 */
public final class TlsMaterial {
  private static final String CERTIFICATE_FILE = "cert.pem";
  private static final String KEY_FILE = "key.pem";
  private static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(825);
  private static final char[] NO_PASSWORD = new char[0];
  private static final JcaPEMKeyConverter BOUNCY_CASTLE_KEYS =
      new JcaPEMKeyConverter().setProvider(new BouncyCastleProvider());

  private final X509Certificate[] chain;
  private final PrivateKey privateKey;
  private final Path certificatePath;
  private final Path privateKeyPath;

  private TlsMaterial(
      X509Certificate[] chain, PrivateKey privateKey, Path certificatePath, Path privateKeyPath) {
    this.chain = chain;
    this.privateKey = privateKey;
    this.certificatePath = certificatePath;
    this.privateKeyPath = privateKeyPath;
  }

  /**
   * Loads {@code dir/cert.pem} and {@code dir/key.pem}, generating them first if absent. The
   * certificate names every host in {@code hostNames} plus localhost, 127.0.0.1 and ::1.
   */
  public static TlsMaterial loadOrCreateSelfSigned(Path dir, List<String> hostNames) {
    Path certificate = dir.resolve(CERTIFICATE_FILE);
    Path key = dir.resolve(KEY_FILE);
    if (!Files.exists(certificate) || !Files.exists(key)) {
      generateSelfSigned(certificate, key, hostNames);
    }
    return fromPemFiles(certificate, key);
  }

  public static TlsMaterial fromPemFiles(Path certificateChain, Path privateKey) {
    List<X509Certificate> certificates = new ArrayList<>();
    PrivateKey key = null;
    try {
      for (Object object : readPem(certificateChain)) {
        if (object instanceof X509CertificateHolder holder) {
          certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
      }
      for (Object object : readPem(privateKey)) {
        if (object instanceof PEMKeyPair pair) {
          key =
              toJdkKey(
                  pair.getPublicKeyInfo() != null
                      ? BOUNCY_CASTLE_KEYS.getKeyPair(pair).getPrivate()
                      : BOUNCY_CASTLE_KEYS.getPrivateKey(pair.getPrivateKeyInfo()));
        } else if (object instanceof PrivateKeyInfo info) {
          key = toJdkKey(BOUNCY_CASTLE_KEYS.getPrivateKey(info));
        }
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new CryptoException(
          "cannot read TLS material from " + certificateChain + " and " + privateKey, e);
    }
    if (certificates.isEmpty()) {
      throw new CryptoException("no certificate in " + certificateChain);
    }
    if (key == null) {
      throw new CryptoException("no private key in " + privateKey);
    }
    requireMatchingKey(certificates.get(0).getPublicKey(), key);
    return new TlsMaterial(
        certificates.toArray(new X509Certificate[0]), key, certificateChain, privateKey);
  }

  public X509Certificate[] certificateChain() {
    return chain.clone();
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public Path certificatePath() {
    return certificatePath;
  }

  public Path privateKeyPath() {
    return privateKeyPath;
  }

  public Instant notAfter() {
    return chain[0].getNotAfter().toInstant();
  }

  /** SHA-256 of the leaf certificate, hex. */
  public String fingerprintSha256() {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot fingerprint certificate", e);
    }
  }

  public KeyManagerFactory keyManagerFactory() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", privateKey, NO_PASSWORD, chain);
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, NO_PASSWORD);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw new CryptoException("cannot build key manager", e);
    }
  }

  /** A trust store holding this certificate, for clients of a self-signed server. */
  public KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("server", chain[0]);
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new CryptoException("cannot build trust store", e);
    }
  }

  /**
   * A trust store holding the last certificate of this chain: the certificate itself when it is
   * self-signed, else the issuer the chain ends in. Servers that present the same certificate, or
   * certificates from the same issuer (the members of a cluster), trust each other with it.
   */
  public KeyStore issuerTrustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("issuer", chain[chain.length - 1]);
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new CryptoException("cannot build trust store", e);
    }
  }

  private static void generateSelfSigned(Path certificate, Path key, List<String> hostNames) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      Instant now = Instant.now();
      X500Name subject = new X500Name("CN=Strata self-signed");
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(127, new java.security.SecureRandom()),
              java.util.Date.from(now.minus(Duration.ofHours(1))),
              java.util.Date.from(now.plus(SELF_SIGNED_VALIDITY)),
              subject,
              pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(
          Extension.subjectAlternativeName, false, subjectAlternativeNames(hostNames));
      X509Certificate certificateValue =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      Files.createDirectories(certificate.toAbsolutePath().getParent());
      writeOwnerOnly(key, pem(pair.getPrivate()));
      Files.writeString(certificate, pem(certificateValue), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new CryptoException("cannot generate a self-signed certificate", e);
    }
  }

  private static GeneralNames subjectAlternativeNames(List<String> hostNames) {
    Set<String> names = new LinkedHashSet<>(hostNames);
    names.add("localhost");
    List<GeneralName> general = new ArrayList<>();
    for (String name : names) {
      general.add(new GeneralName(GeneralName.dNSName, name));
    }
    general.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    general.add(new GeneralName(GeneralName.iPAddress, "::1"));
    return new GeneralNames(general.toArray(new GeneralName[0]));
  }

  private static void requireMatchingKey(PublicKey publicKey, PrivateKey privateKey) {
    String algorithm = publicKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    try {
      byte[] probe = Aes.randomBytes(32);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      if (!verifier.verify(signature)) {
        throw new CryptoException("the private key does not match the certificate");
      }
    } catch (GeneralSecurityException e) {
      throw new CryptoException("the private key does not match the certificate", e);
    }
  }

  /**
   * BouncyCastle reads every key format (PKCS#1, SEC1 with parameters only inside the key); the
   * JDK's TLS stack then gets its own key type, through the key's PKCS#8 encoding.
   */
  private static PrivateKey toJdkKey(PrivateKey parsed) throws GeneralSecurityException {
    String algorithm = parsed.getAlgorithm().equals("ECDSA") ? "EC" : parsed.getAlgorithm();
    return KeyFactory.getInstance(algorithm)
        .generatePrivate(new PKCS8EncodedKeySpec(parsed.getEncoded()));
  }

  private static List<Object> readPem(Path file) throws IOException {
    List<Object> objects = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        PEMParser parser = new PEMParser(reader)) {
      Object object;
      while ((object = parser.readObject()) != null) {
        objects.add(object);
      }
    }
    return objects;
  }

  /** PEM text of a certificate, or of a private key as unencrypted PKCS#8. */
  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      if (object instanceof PrivateKey key) {
        writer.writeObject(new JcaPKCS8Generator(key, null));
      } else {
        writer.writeObject(object);
      }
    }
    return text.toString();
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writer.write(content);
    }
  }
}
