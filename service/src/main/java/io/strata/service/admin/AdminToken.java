package io.strata.service.admin;

import io.strata.service.http.BearerToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The bearer token that guards the admin API: configured ({@code STRATA_ADMIN_TOKEN}, from a
 * Kubernetes secret), or generated on first start into {@code <data>/admin-token}, readable only by
 * its owner. Compared in constant time.
 */
public final class AdminToken {
  public static final String FILE_NAME = "admin-token";
  private final BearerToken token;

  private AdminToken(String token) {
    this.token = BearerToken.of(token);
  }

  public static AdminToken configuredOrGenerated(@Nullable String configured, Path dataDirectory) {
    if (configured != null && !configured.isBlank()) {
      return new AdminToken(configured.trim());
    }
    Path file = dataDirectory.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        return new AdminToken(Files.readString(file, StandardCharsets.UTF_8).trim());
      }
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String generated = HexFormat.of().formatHex(random);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
      return new AdminToken(generated);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  /** Whether an {@code Authorization} header value presents the admin token. */
  public boolean admits(@Nullable String authorization) {
    return token.admits(authorization);
  }
}
