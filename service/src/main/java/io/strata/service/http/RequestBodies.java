package io.strata.service.http;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Turns a request body as received into the JSON text it carries, undoing a {@code
 * Content-Encoding} of gzip or deflate. Signatures cover the bytes as received, so this runs after
 * authentication.
 *
 * <p>DynamoDB accepts compressed requests (the AWS SDKs' request-compression feature) and answers
 * an unknown coding, or a body that does not decompress, with a 500 InternalFailure (scylladb
 * test/alternator/test_compressed_request.py, run against DynamoDB). Like Java's {@code
 * GZIPInputStream}, DynamoDB ignores bytes after the last gzip member, and reads only the first
 * zlib stream of a deflate body.
 *
 * <p><b>Limits.</b> DynamoDB does not limit the decompressed size (that test accepts 1 GB), which
 * would let a 1 MB request occupy a gigabyte of memory here. The request size limit therefore
 * applies to the decompressed body, and so does a ratio: a body may inflate to at most {@value
 * #MAX_RATIO} times its compressed size (but always to {@value #MIN_LIMIT_BYTES} bytes), far above
 * what JSON reaches (10 to 20 times) and far below a decompression bomb's thousand. Inflating stops
 * at the first byte over either limit.
 */
final class RequestBodies {
  static final int MAX_RATIO = 200;
  static final int MIN_LIMIT_BYTES = 64 * 1024;

  private RequestBodies() {}

  /**
   * The decoded body.
   *
   * @param contentEncoding the request's {@code Content-Encoding}, null when it has none
   * @param maxRequestBytes the largest (decoded) request body accepted
   */
  static byte[] decode(@Nullable String contentEncoding, byte[] body, long maxRequestBytes) {
    if (contentEncoding == null
        || contentEncoding.isBlank()
        || contentEncoding.trim().equalsIgnoreCase("identity")) {
      return body;
    }
    ContentCoding coding = ContentCoding.named(contentEncoding);
    if (coding == null) {
      throw undecodable();
    }
    long ratioLimit = Math.max(MIN_LIMIT_BYTES, (long) body.length * MAX_RATIO);
    long limit = Math.min(maxRequestBytes, ratioLimit);
    ByteArrayOutputStream decoded = new ByteArrayOutputStream(Math.min(body.length * 8, 1 << 20));
    try (InputStream in = coding.decompressing(new ByteArrayInputStream(body))) {
      byte[] chunk = new byte[16 * 1024];
      for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
        if (decoded.size() + (long) read > limit) {
          throw limit == maxRequestBytes
              ? ApiVerticle.tooLarge(maxRequestBytes)
              : new DynamoException(
                  ErrorCode.REQUEST_ENTITY_TOO_LARGE,
                  "The request body decompresses to more than "
                      + MAX_RATIO
                      + " times its compressed size");
        }
        decoded.write(chunk, 0, read);
      }
    } catch (IOException e) {
      throw undecodable();
    }
    return decoded.toByteArray();
  }

  /** Coral's wording for a failure it does not explain (the AWS common errors' InternalFailure). */
  private static DynamoException undecodable() {
    return new DynamoException(
        ErrorCode.INTERNAL_FAILURE,
        "The request processing has failed because of an unknown error, exception or failure.");
  }
}
