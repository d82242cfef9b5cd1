package io.strata.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit key-encryption key with a short id. Its text form, {@code <id>:<base64 key>}, is what
 * operators put in a secret ({@code STRATA_MASTER_KEY}); for the embedded default it is generated
 * into a file readable only by the owner.
 */
public final class MasterKey {
  private final String id;
  private final SecretKey key;

  private MasterKey(String id, SecretKey key) {
    if (id.isEmpty() || id.length() > 64 || id.contains(":")) {
      throw new CryptoException("a master key id is 1 to 64 characters without ':'");
    }
    this.id = id;
    this.key = key;
  }

  public static MasterKey generate() {
    return new MasterKey(
        "mk-" + HexFormat.of().formatHex(Aes.randomBytes(4)),
        new SecretKeySpec(Aes.randomBytes(Aes.KEY_BYTES), "AES"));
  }

  /** Parses {@code <id>:<base64 of 32 bytes>}. */
  public static MasterKey parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new CryptoException("a master key is written <id>:<base64 key>");
    }
    byte[] material;
    try {
      material = Base64.getDecoder().decode(text.substring(colon + 1).trim());
    } catch (IllegalArgumentException e) {
      throw new CryptoException("the master key is not valid base64");
    }
    if (material.length != Aes.KEY_BYTES) {
      throw new CryptoException(
          "a master key is 32 bytes (44 base64 characters), not " + material.length + " bytes");
    }
    return new MasterKey(text.substring(0, colon), new SecretKeySpec(material, "AES"));
  }

  /** Reads the key from {@code file}, or creates the file (mode 0600) with a new key. */
  public static MasterKey loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return parse(Files.readString(file, StandardCharsets.UTF_8).trim());
      }
      MasterKey created = generate();
      Files.createDirectories(file.toAbsolutePath().getParent());
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException raced) {
        return parse(Files.readString(file, StandardCharsets.UTF_8).trim());
      }
      Files.writeString(file, created.serialize() + "\n", StandardCharsets.UTF_8);
      return created;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create master key file " + file, e);
    }
  }

  public String id() {
    return id;
  }

  public String serialize() {
    return id + ":" + Base64.getEncoder().encodeToString(key.getEncoded());
  }

  SecretKey secretKey() {
    return key;
  }

  @Override
  public String toString() {
    return "MasterKey[" + id + "]";
  }
}
