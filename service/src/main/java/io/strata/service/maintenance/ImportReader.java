package io.strata.service.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.error.DynamoException;
import io.strata.service.item.Items;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.json.Json;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.Bytes;
import io.strata.service.table.ImportJob;
import io.strata.service.table.TableMetadata;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads an import's source files a batch of items at a time, from where its progress says, with
 * memory bounded by one batch and one line. Blocking: used on the read pool.
 *
 * <p>The formats are DynamoDB's (developer guide, "Amazon S3 import formats"): {@code
 * DYNAMODB_JSON} is one {@code {"Item":{...}}} per line, as an export writes it; {@code CSV} has a
 * header (the request's {@code HeaderList}, else each file's first line), the key attributes are
 * typed as the table defines them and every other value is a string, an empty field is no
 * attribute. A quoted field may hold the delimiter and doubled quotes; fields spanning lines are
 * not read.
 *
 * <p>A line that is not well formed (not JSON, not an attribute value, a broken gzip stream, bytes
 * that are not UTF-8) makes the whole import fail ({@link CorruptSource}); an item that is well
 * formed but that the table refuses (a key missing or of the wrong type, more than 400 KB) is
 * counted in the import's {@code ErrorCount} and skipped, as DynamoDB does.
 */
final class ImportReader implements Closeable {
  private final ImportJob job;
  private final ExportRoot root;
  private final TableMetadata table;
  private ImportJob.Progress progress;
  private @Nullable BufferedReader reader;
  private @Nullable List<String> headers;
  private int fileIndex;
  private boolean headerConsumed;

  /** A source line that cannot be read as the import's format says. */
  static final class CorruptSource extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptSource(String message) {
      super(message);
    }
  }

  /** One batch: the items to write, the progress after them, and whether the source is done. */
  record Batch(List<Map<String, AttributeValue>> items, ImportJob.Progress next, boolean last) {}

  ImportReader(ImportJob job, ExportRoot root, TableMetadata table) {
    this.job = job;
    this.root = root;
    this.table = table;
    this.progress = job.progress();
  }

  /** Where the next batch starts: the reader can continue a job whose progress is this. */
  ImportJob.Progress progress() {
    return progress;
  }

  Batch next(int maxItems, long maxBytes) throws IOException, CorruptSource {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    long bytes = 0;
    ImportJob.Progress at = progress;
    while (items.size() < maxItems && bytes < maxBytes) {
      if (at.fileIndex() >= job.files().size()) {
        progress = at;
        return new Batch(items, at, true);
      }
      BufferedReader lines = open(at);
      if (headerConsumed) {
        headerConsumed = false;
        at = at.afterLine(0, false, false);
      }
      String line = lines.readLine();
      if (line == null) {
        close();
        at = at.nextFile();
        continue;
      }
      long lineBytes = line.getBytes(StandardCharsets.UTF_8).length + 1L;
      Map<String, AttributeValue> item = line.isBlank() ? null : parse(line, at.linesDone() + 1);
      boolean accepted = item != null && accepts(item);
      if (item != null && accepted) {
        items.add(item);
        bytes += lineBytes;
      }
      at = at.afterLine(lineBytes, item != null, accepted);
    }
    progress = at;
    return new Batch(items, at, false);
  }

  /**
   * The open file of {@code at}, positioned after its lines already done; a CSV file's own header
   * is read first ({@link #headerConsumed} when it was a line not yet counted).
   */
  private BufferedReader open(ImportJob.Progress at) throws IOException, CorruptSource {
    BufferedReader open = reader;
    if (open != null) {
      return open;
    }
    fileIndex = at.fileIndex();
    String key = job.files().get(fileIndex);
    Path path =
        root.resolve(job.tenantId(), key)
            .orElseThrow(() -> new CorruptSource("Object outside the tenant's buckets: " + key));
    InputStream in = Files.newInputStream(path);
    if (job.compression().equals("GZIP")) {
      in = new GZIPInputStream(in);
    }
    open =
        new BufferedReader(
            new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)));
    reader = open;
    headers = job.csvHeaders();
    long skip = at.linesDone();
    if (isCsv() && headers == null) {
      String header = open.readLine();
      headers = header == null ? List.of() : splitCsv(header, 1);
      headerConsumed = skip == 0;
      skip = Math.max(0, skip - 1);
    }
    for (long i = 0; i < skip; i++) {
      open.readLine();
    }
    return open;
  }

  private boolean isCsv() {
    return job.inputFormat().equals("CSV");
  }

  /** The line's item; a line that is not one is corrupt. */
  private Map<String, AttributeValue> parse(String line, long lineNumber) throws CorruptSource {
    try {
      if (isCsv()) {
        return csvItem(splitCsv(line, lineNumber), lineNumber);
      }
      JsonNode record = Json.MAPPER.readTree(line);
      JsonNode item = record == null ? null : record.get("Item");
      if (item == null || !item.isObject()) {
        throw corrupt(lineNumber, "no Item");
      }
      return AttributeValueJson.readMap(item);
    } catch (IOException | DynamoException e) {
      throw corrupt(lineNumber, e.getMessage());
    }
  }

  private Map<String, AttributeValue> csvItem(List<String> fields, long lineNumber)
      throws CorruptSource {
    List<String> names = headers == null ? List.of() : headers;
    if (fields.size() > names.size()) {
      throw corrupt(lineNumber, "more fields than headers");
    }
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      String value = fields.get(i);
      if (value.isEmpty()) {
        continue;
      }
      String name = names.get(i);
      AttributeValue.Type keyType = table.attributeDefinitions().get(name);
      item.put(name, typed(keyType, value));
    }
    return item;
  }

  private static AttributeValue typed(AttributeValue.@Nullable Type keyType, String value) {
    if (keyType == AttributeValue.Type.N) {
      return AttributeValue.N.parse(value);
    }
    if (keyType == AttributeValue.Type.B) {
      return new AttributeValue.B(Bytes.fromBase64(value));
    }
    return new AttributeValue.S(value);
  }

  /** Whether the table takes the item as a put would; refused items are ErrorCount's. */
  private boolean accepts(Map<String, AttributeValue> item) {
    try {
      Items.checkItem(table.keySchema(), item);
      Items.checkIndexKeys(table, item);
      return true;
    } catch (DynamoException refused) {
      return false;
    }
  }

  private List<String> splitCsv(String line, long lineNumber) throws CorruptSource {
    char delimiter =
        job.csvDelimiter() == null || job.csvDelimiter().isEmpty()
            ? ','
            : job.csvDelimiter().charAt(0);
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw corrupt(lineNumber, "unterminated quoted field");
    }
    fields.add(field.toString());
    return fields;
  }

  private CorruptSource corrupt(long lineNumber, @Nullable String why) {
    return new CorruptSource(
        "Unable to parse " + job.files().get(fileIndex) + " line " + lineNumber + ": " + why);
  }

  @Override
  public void close() throws IOException {
    BufferedReader open = reader;
    reader = null;
    if (open != null) {
      open.close();
    }
  }
}
