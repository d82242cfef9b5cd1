package io.strata.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * One keep-alive HTTP/1.1 connection of the raw client: writes a prepared request and reads the
 * status line, the headers and the body of its response, nothing more.
 */
final class RawConnection implements AutoCloseable {
  /** A response: its status and its body as text. */
  record Response(int status, String body) {}

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  RawConnection(URI endpoint, SSLContext tls) throws IOException {
    int port = endpoint.getPort();
    socket =
        endpoint.getScheme().equals("https")
            ? tls.getSocketFactory().createSocket(endpoint.getHost(), port)
            : new Socket(endpoint.getHost(), port);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
  }

  /** Sends one complete request and waits for its response. */
  Response exchange(byte[] request) throws IOException {
    out.write(request);
    out.flush();
    return readResponse();
  }

  private Response readResponse() throws IOException {
    String statusLine = readLine();
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = 0;
    boolean chunked = false;
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(line.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    if (!chunked) {
      return new Response(status, new String(in.readNBytes((int) length), StandardCharsets.UTF_8));
    }
    StringBuilder body = new StringBuilder();
    for (long chunk = Long.parseLong(readLine().trim(), 16);
        chunk > 0;
        chunk = Long.parseLong(readLine().trim(), 16)) {
      body.append(new String(in.readNBytes((int) chunk), StandardCharsets.UTF_8));
      readLine();
    }
    readLine();
    return new Response(status, body.toString());
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
