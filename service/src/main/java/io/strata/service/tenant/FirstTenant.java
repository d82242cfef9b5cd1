package io.strata.service.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The first tenant's credentials, written once to {@code first-tenant.json} in the data directory
 * so that an operator who just started the service can use it. The file is created readable by its
 * owner only (mode 0600, set at creation, never widened).
 */
public final class FirstTenant {
  public static final String FILE_NAME = "first-tenant.json";

  private FirstTenant() {}

  /** The credentials a previous first start wrote into {@code dataDirectory}. */
  public static Credentials read(Path dataDirectory) {
    Path file = dataDirectory.resolve(FILE_NAME);
    try {
      JsonNode json = Json.RECORDS.readTree(Files.readString(file, StandardCharsets.UTF_8));
      return new Credentials(
          json.get("tenant").asText(),
          json.get("accessKeyId").asText(),
          json.get("secretAccessKey").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static Path write(Path dataDirectory, Credentials credentials) {
    Path file = dataDirectory.resolve(FILE_NAME);
    String json =
        "{\"tenant\":\""
            + credentials.tenantId()
            + "\",\"accessKeyId\":\""
            + credentials.accessKeyId()
            + "\",\"secretAccessKey\":\""
            + credentials.secretAccessKey()
            + "\"}\n";
    try {
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, json, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
