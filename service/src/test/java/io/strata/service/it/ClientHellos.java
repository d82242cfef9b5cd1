package io.strata.service.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;

/**
 * Hand-built TLS ClientHello messages (RFC 5246 section 7.4.1.2) and the first thing the server
 * answers. The JDK's own client refuses to offer TLS 1.1, NULL, anonymous or export suites (its
 * {@code jdk.tls.disabledAlgorithms}), so asking through it would pass without the server ever
 * being asked; raw bytes ask the server itself.
 *
 * <pre>
 * record:     0x16 | version(2) | length(2) | handshake
 * handshake:  0x01 | length(3) | client_version(2) | random(32) | session_id(1+0)
 *             | cipher_suites(2+2n) | compression(1+1: null) | extensions(2+...)
 * extensions: supported_groups (x25519, P-256, P-384), ec_point_formats (uncompressed),
 *             signature_algorithms (ECDSA, RSA-PSS, RSA PKCS#1; SHA-256 and SHA-1),
 *             renegotiation_info (empty), extended_master_secret
 * </pre>
 */
final class ClientHellos {
  static final int TLS_1_0 = 0x0301;
  static final int TLS_1_1 = 0x0302;
  static final int TLS_1_2 = 0x0303;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ClientHellos() {}

  /** What the server sent back to a ClientHello. */
  record ServerAnswer(boolean isServerHello, int version, int cipherSuite, String description) {
    static ServerAnswer refused(String description) {
      return new ServerAnswer(false, 0, 0, description);
    }
  }

  /** Sends one ClientHello offering exactly {@code cipherSuites} and reads the first answer. */
  static ServerAnswer offer(String host, int port, int clientVersion, int... cipherSuites)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(record(clientHello(clientVersion, cipherSuites)));
      out.flush();
      return read(new DataInputStream(socket.getInputStream()));
    }
  }

  private static ServerAnswer read(DataInputStream in) throws IOException {
    try {
      return readRecord(in);
    } catch (EOFException | SocketException closed) {
      return ServerAnswer.refused("connection closed: " + closed);
    }
  }

  private static ServerAnswer readRecord(DataInputStream in) throws IOException {
    int contentType = in.readUnsignedByte();
    in.readUnsignedShort();
    int length = in.readUnsignedShort();
    byte[] body = new byte[length];
    in.readFully(body);
    if (contentType == 0x15) {
      return ServerAnswer.refused("alert " + (body.length > 1 ? body[1] & 0xff : -1));
    }
    if (contentType != 0x16 || body[0] != 0x02) {
      return ServerAnswer.refused("record type " + contentType);
    }
    int version = ((body[4] & 0xff) << 8) | (body[5] & 0xff);
    int sessionIdLength = body[38] & 0xff;
    int suiteAt = 39 + sessionIdLength;
    int suite = ((body[suiteAt] & 0xff) << 8) | (body[suiteAt + 1] & 0xff);
    return new ServerAnswer(
        true, version, suite, String.format("ServerHello 0x%04x suite 0x%04x", version, suite));
  }

  private static byte[] record(byte[] handshake) {
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.write(0x16);
    writeShort(record, TLS_1_0);
    writeShort(record, handshake.length);
    record.writeBytes(handshake);
    return record.toByteArray();
  }

  private static byte[] clientHello(int clientVersion, int... cipherSuites) {
    ByteArrayOutputStream hello = new ByteArrayOutputStream();
    writeShort(hello, clientVersion);
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    hello.writeBytes(random);
    hello.write(0);
    writeShort(hello, cipherSuites.length * 2);
    for (int suite : cipherSuites) {
      writeShort(hello, suite);
    }
    hello.write(1);
    hello.write(0);
    byte[] extensions = extensions();
    writeShort(hello, extensions.length);
    hello.writeBytes(extensions);
    byte[] body = hello.toByteArray();
    ByteArrayOutputStream handshake = new ByteArrayOutputStream();
    handshake.write(0x01);
    handshake.write(body.length >>> 16);
    writeShort(handshake, body.length & 0xffff);
    handshake.writeBytes(body);
    return handshake.toByteArray();
  }

  private static byte[] extensions() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    extension(all, 0x000a, shorts(0x001d, 0x0017, 0x0018));
    extension(all, 0x000b, new byte[] {1, 0});
    extension(all, 0x000d, shorts(0x0403, 0x0503, 0x0804, 0x0805, 0x0401, 0x0501, 0x0203, 0x0201));
    extension(all, 0xff01, new byte[] {0});
    extension(all, 0x0017, new byte[0]);
    return all.toByteArray();
  }

  /** A length-prefixed list of 16-bit values. */
  private static byte[] shorts(int... values) {
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    writeShort(list, values.length * 2);
    for (int value : values) {
      writeShort(list, value);
    }
    return list.toByteArray();
  }

  private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
    writeShort(out, type);
    writeShort(out, data.length);
    out.writeBytes(data);
  }

  private static void writeShort(ByteArrayOutputStream out, int value) {
    out.write(value >>> 8);
    out.write(value & 0xff);
  }
}
