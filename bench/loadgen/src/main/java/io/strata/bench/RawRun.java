package io.strata.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The raw client: each worker keeps one {@link RawConnection} and sends prepared requests. Far
 * cheaper per request than the SDK, so on a small machine it leaves more of the CPU to the server
 * being measured.
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
              try (RawConnection connection = new RawConnection(endpoint, tls)) {
                while (System.nanoTime() < end) {
                  byte[] request = requests.next();
                  long sent = System.nanoTime();
                  int status = connection.exchange(request).status();
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
}
