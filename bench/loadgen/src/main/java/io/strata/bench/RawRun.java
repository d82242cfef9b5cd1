package io.strata.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * The raw client: each worker keeps one HTTP/1.1 connection and sends prepared requests, reading
 * just the status line, the headers and the body. Far cheaper per request than the SDK, so on a
 * small machine it leaves more of the CPU to the server being measured.
 */
final class RawRun {
  private final URI endpoint;
  private final SSLContext tls;
  private final RawRequests requests;
  private final int workers;

  RawRun(URI endpoint, SSLContext tls, RawRequests requests, int workers) {
    this.endpoint = endpoint;
    this.tls = tls;
    this.requests = requests;
    this.workers = workers;
  }

  Report drive(Duration period) throws Exception {
    long end = System.nanoTime() + period.toNanos();
    return new Report(
        Workers.run(
            workers,
            "raw",
            worker -> {
              try (Socket socket = connect()) {
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                while (System.nanoTime() < end) {
                  byte[] request = requests.next();
                  long sent = System.nanoTime();
                  out.write(request);
                  out.flush();
                  int status = readResponse(in);
                  if (status == 200) {
                    worker.recordSince(sent);
                  } else {
                    worker.countError("HTTP " + status);
                  }
                }
              } catch (IOException e) {
                worker.countError(e.getClass().getSimpleName());
              }
            }));
  }

  private Socket connect() throws IOException {
    int port = endpoint.getPort();
    Socket socket =
        endpoint.getScheme().equals("https")
            ? tls.getSocketFactory().createSocket(endpoint.getHost(), port)
            : new Socket(endpoint.getHost(), port);
    socket.setTcpNoDelay(true);
    return socket;
  }

  /** Reads one response; returns its status. */
  private static int readResponse(InputStream in) throws IOException {
    String statusLine = readLine(in);
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = 0;
    boolean chunked = false;
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(line.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    if (chunked) {
      for (long chunk = Long.parseLong(readLine(in).trim(), 16);
          chunk > 0;
          chunk = Long.parseLong(readLine(in).trim(), 16)) {
        in.skipNBytes(chunk);
        readLine(in);
      }
      readLine(in);
    } else {
      in.skipNBytes(length);
    }
    return status;
  }

  private static String readLine(InputStream in) throws IOException {
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
}
