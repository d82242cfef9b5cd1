package io.strata.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TlsMaterialTest {
  @TempDir Path directory;

  @Test
  void selfSignedMaterialIsGeneratedOnceAndReused() throws Exception {
    TlsMaterial first = TlsMaterial.loadOrCreateSelfSigned(directory, List.of("strata.internal"));
    TlsMaterial second = TlsMaterial.loadOrCreateSelfSigned(directory, List.of("other"));
    assertThat(second.fingerprintSha256()).isEqualTo(first.fingerprintSha256());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.privateKeyPath())))
        .isEqualTo("rw-------");
    Collection<List<?>> names = first.certificateChain()[0].getSubjectAlternativeNames();
    assertThat(names.stream().map(name -> name.get(1).toString()))
        .contains("strata.internal", "localhost", "127.0.0.1");
  }

  @Test
  void loadsRsaKeysInPkcs1AndPkcs8() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair pair = rsa.generateKeyPair();
    Path certificate = directory.resolve("rsa.crt");
    Files.writeString(certificate, pem(selfSigned(pair, "SHA256withRSA")));
    Path pkcs1 = directory.resolve("pkcs1.pem");
    Files.writeString(pkcs1, pem(pair.getPrivate()));
    assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    Path pkcs8 = directory.resolve("pkcs8.pem");
    Files.writeString(pkcs8, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
    assertThat(Files.readString(pkcs8)).startsWith("-----BEGIN PRIVATE KEY-----");

    for (Path key : List.of(pkcs1, pkcs8)) {
      TlsMaterial material = TlsMaterial.fromPemFiles(certificate, key);
      assertThat(material.privateKey().getAlgorithm()).isEqualTo("RSA");
    }
  }

  @Test
  void loadsEcKeysInSec1Form() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = ec.generateKeyPair();
    Path certificate = directory.resolve("ec.crt");
    Files.writeString(certificate, pem(selfSigned(pair, "SHA256withECDSA")));
    Path sec1 = directory.resolve("sec1.pem");
    Files.writeString(sec1, pem(pair.getPrivate()));
    assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(TlsMaterial.fromPemFiles(certificate, sec1).privateKey().getAlgorithm())
        .isEqualTo("EC");
  }

  @Test
  void rejectsAKeyThatDoesNotMatchTheCertificate() throws Exception {
    TlsMaterial generated = TlsMaterial.loadOrCreateSelfSigned(directory, List.of());
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    Path wrongKey = directory.resolve("wrong.pem");
    Files.writeString(
        wrongKey, pem(new JcaPKCS8Generator(ec.generateKeyPair().getPrivate(), null)));
    assertThatThrownBy(() -> TlsMaterial.fromPemFiles(generated.certificatePath(), wrongKey))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("does not match");
  }

  private static X509Certificate selfSigned(KeyPair pair, String signatureAlgorithm)
      throws Exception {
    X500Name name = new X500Name("CN=rsa test");
    Date now = new Date();
    return new JcaX509CertificateConverter()
        .getCertificate(
            new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.ONE,
                    now,
                    new Date(now.getTime() + 86_400_000L),
                    name,
                    pair.getPublic())
                .build(new JcaContentSignerBuilder(signatureAlgorithm).build(pair.getPrivate())));
  }

  @Test
  void serverAndClientCompleteATls13Handshake() throws Exception {
    TlsMaterial tls = TlsMaterial.loadOrCreateSelfSigned(directory, List.of());
    SSLContext serverContext = SSLContext.getInstance("TLSv1.3");
    serverContext.init(tls.keyManagerFactory().getKeyManagers(), null, null);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(tls.trustStore());
    SSLContext clientContext = SSLContext.getInstance("TLSv1.3");
    clientContext.init(null, trust.getTrustManagers(), null);
    try (SSLServerSocket server =
        (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0)) {
      CompletableFuture<String> received =
          CompletableFuture.supplyAsync(
              () -> {
                try (SSLSocket accepted = (SSLSocket) server.accept();
                    InputStream in = accepted.getInputStream()) {
                  return new String(in.readNBytes(5), StandardCharsets.UTF_8);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try (SSLSocket client =
              (SSLSocket)
                  clientContext
                      .getSocketFactory()
                      .createSocket("localhost", server.getLocalPort());
          OutputStream out = client.getOutputStream()) {
        out.write("hello".getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
        assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.3");
      }
    }
  }

  private static String pem(Object object) throws Exception {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }
}
