package io.strata.service.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import org.jspecify.annotations.Nullable;

/**
 * The two content codings DynamoDB speaks in both directions, named as in {@code Content-Encoding}
 * and {@code Accept-Encoding}. As RFC 9110 section 8.4.1 defines them, {@code gzip} is the gzip
 * file format (RFC 1952) and {@code deflate} the zlib format (RFC 1950) around a deflate stream,
 * not a raw deflate stream.
 */
enum ContentCoding {
  GZIP("gzip") {
    @Override
    OutputStream compressing(OutputStream out) throws IOException {
      return new GZIPOutputStream(out);
    }

    /** Concatenated gzip members decode as one body, as the gzip format allows. */
    @Override
    InputStream decompressing(InputStream in) throws IOException {
      return new GZIPInputStream(in);
    }
  },
  DEFLATE("deflate") {
    @Override
    OutputStream compressing(OutputStream out) {
      return new DeflaterOutputStream(out);
    }

    @Override
    InputStream decompressing(InputStream in) {
      return new InflaterInputStream(in);
    }
  };

  private final String token;

  ContentCoding(String token) {
    this.token = token;
  }

  /** The coding's name in HTTP headers. */
  String token() {
    return token;
  }

  /** The coding a header token names (case-insensitively), or null for any other. */
  static @Nullable ContentCoding named(String token) {
    String name = token.trim().toLowerCase(Locale.ROOT);
    for (ContentCoding coding : values()) {
      if (coding.token.equals(name)) {
        return coding;
      }
    }
    return null;
  }

  byte[] compress(byte[] body) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length / 4 + 64);
    try (OutputStream out = compressing(compressed)) {
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException("compressing into memory cannot fail", e);
    }
    return compressed.toByteArray();
  }

  abstract OutputStream compressing(OutputStream out) throws IOException;

  abstract InputStream decompressing(InputStream in) throws IOException;
}
