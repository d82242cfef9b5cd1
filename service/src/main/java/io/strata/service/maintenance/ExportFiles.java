package io.strata.service.maintenance;

import com.fasterxml.jackson.core.JsonGenerator;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.json.Json;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
import io.strata.service.table.ExportJob;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The files of one export, in the layout DynamoDB writes to S3 (developer guide, "DynamoDB table
 * export output format"), under the export's directory {@code
 * <bucket>[/<prefix>]/AWSDynamoDB/<id>}:
 *
 * <pre>
 *   _started                 empty, written first: the destination is writable
 *   data/&lt;name&gt;.json.gz        one item per line, {"Item":{...DynamoDB JSON...}}, gzip
 *   data/&lt;name&gt;.ion.gz         or, for ION, $ion_1_0 {Item:{...}} ({@link IonItemText})
 *   manifest-files.json      one line per data file: itemCount, md5Checksum (base64), etag (hex
 *                            MD5), dataFileS3Key
 *   manifest-files.checksum  hex MD5 of manifest-files.json
 *   manifest-summary.json    version 2020-06-30, the export's ARNs, times, bucket, prefix,
 *                            manifestFilesS3Key, billedSizeBytes, itemCount, outputFormat
 *   manifest-summary.checksum
 * </pre>
 *
 * DynamoDB writes at least a file per partition; Strata has no partitions to follow and starts a
 * new data file every {@link #ITEMS_PER_FILE} items (one empty file for an empty table). Keys in
 * the manifests are S3 keys: relative to the bucket, the prefix included. Writing is blocking: the
 * caller runs it on the read pool. A write that starts over (after a crash) first removes whatever
 * an earlier attempt left in the directory.
 */
final class ExportFiles {
  static final int ITEMS_PER_FILE = 50_000;

  private final ExportJob job;
  private final Path directory;
  private final String keyPrefix;
  private final List<DataFile> written = new ArrayList<>();
  private @Nullable OpenFile current;
  private long itemCount;
  private long billedSizeBytes;
  private @Nullable Instant endTime;

  /** One finished data file, as manifest-files.json lists it. */
  private record DataFile(String key, long itemCount, byte[] md5) {}

  private static final class OpenFile {
    final String key;
    final MessageDigest md5;
    final OutputStream out;
    long items;

    OpenFile(String key, MessageDigest md5, OutputStream out) {
      this.key = key;
      this.md5 = md5;
      this.out = out;
    }
  }

  /**
   * @param directory the export's directory
   * @param keyPrefix the S3 key of that directory within its bucket, ending in {@code /}
   */
  ExportFiles(ExportJob job, Path directory, String keyPrefix) {
    this.job = job;
    this.directory = directory;
    this.keyPrefix = keyPrefix;
  }

  /** Clears what an interrupted attempt left and marks the export started. */
  void begin() throws IOException {
    if (Files.exists(directory)) {
      try (Stream<Path> walk = Files.walk(directory)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    Files.createDirectories(directory.resolve("data"));
    Files.write(directory.resolve("_started"), new byte[0]);
  }

  void add(Map<String, AttributeValue> item) throws IOException {
    OpenFile file = current;
    if (file == null || file.items == ITEMS_PER_FILE) {
      closeCurrent();
      file = open();
    }
    switch (job.exportFormat()) {
      case DYNAMODB_JSON -> writeJsonLine(file.out, item);
      case ION -> file.out.write(IonItemText.line(item).getBytes(StandardCharsets.UTF_8));
    }
    file.items++;
    itemCount++;
    billedSizeBytes += ItemSize.of(item);
  }

  private static void writeJsonLine(OutputStream out, Map<String, AttributeValue> item)
      throws IOException {
    try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
      json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      json.writeStartObject();
      json.writeFieldName("Item");
      AttributeValueJson.writeMap(json, item);
      json.writeEndObject();
    }
    out.write('\n');
  }

  long itemCount() {
    return itemCount;
  }

  long billedSizeBytes() {
    return billedSizeBytes;
  }

  /** When the export ended, as its summary says; set by {@link #finish}. */
  Instant endTime() {
    if (endTime == null) {
      throw new IllegalStateException("the export's files are not finished");
    }
    return endTime;
  }

  /** Closes the last data file and writes the manifests, summary last, as of {@code endTime}. */
  void finish(Instant end) throws IOException {
    endTime = end;
    if (current == null && written.isEmpty()) {
      open();
    }
    closeCurrent();
    StringBuilder files = new StringBuilder();
    for (DataFile file : written) {
      files.append(
          Json.MAPPER.writeValueAsString(
              Map.of(
                  "itemCount", file.itemCount(),
                  "md5Checksum", Base64.getEncoder().encodeToString(file.md5()),
                  "etag", HexFormat.of().formatHex(file.md5()),
                  "dataFileS3Key", file.key())));
      files.append('\n');
    }
    writeWithChecksum("manifest-files", files.toString().getBytes(StandardCharsets.UTF_8));
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("version", "2020-06-30");
    summary.put("exportArn", job.exportArn());
    summary.put("startTime", job.startTime().toString());
    summary.put("endTime", end.toString());
    summary.put("tableArn", job.tableArn());
    summary.put("tableId", job.tableUuid());
    summary.put("exportTime", job.exportTime().toString());
    summary.put("s3Bucket", job.s3Bucket());
    summary.put("s3Prefix", job.s3Prefix());
    summary.put("s3SseAlgorithm", "AES256");
    summary.put("s3SseKmsKeyId", null);
    summary.put("manifestFilesS3Key", keyPrefix + "manifest-files.json");
    summary.put("billedSizeBytes", billedSizeBytes);
    summary.put("itemCount", itemCount);
    summary.put("outputFormat", job.exportFormat().name());
    summary.put("exportType", "FULL_EXPORT");
    writeWithChecksum("manifest-summary", Json.MAPPER.writeValueAsBytes(summary));
  }

  private OpenFile open() throws IOException {
    String extension =
        switch (job.exportFormat()) {
          case DYNAMODB_JSON -> ".json.gz";
          case ION -> ".ion.gz";
        };
    String name = UUID.randomUUID().toString().replace("-", "") + extension;
    MessageDigest md5 = md5();
    OutputStream out =
        new GZIPOutputStream(
            new BufferedOutputStream(
                new DigestOutputStream(
                    Files.newOutputStream(directory.resolve("data").resolve(name)), md5)));
    OpenFile file = new OpenFile(keyPrefix + "data/" + name, md5, out);
    current = file;
    return file;
  }

  private void closeCurrent() throws IOException {
    OpenFile file = current;
    if (file != null) {
      file.out.close();
      written.add(new DataFile(file.key, file.items, file.md5.digest()));
      current = null;
    }
  }

  private void writeWithChecksum(String name, byte[] content) throws IOException {
    Files.write(directory.resolve(name + ".json"), content);
    Files.writeString(
        directory.resolve(name + ".checksum"),
        HexFormat.of().formatHex(md5().digest(content)),
        StandardCharsets.UTF_8);
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }
}
