package io.strata.service.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Ports for the servers tests start, each handed out at most once on this machine for as long as
 * the JVM that took it runs.
 *
 * <p>A port that is free when it is picked is bound by the server only later, and three kinds of
 * neighbour could take it in between:
 *
 * <ul>
 *   <li>this JVM's other servers: every port handed out is remembered and never handed out again;
 *   <li>other test JVMs on the machine (surefire and failsafe forks, other checkouts' builds): each
 *       port is claimed with an exclusive lock on {@code <tmp>/strata-test-ports/<port>.lock}, held
 *       until this JVM exits; the operating system drops it even when the JVM is killed;
 *   <li>outgoing connections, which the kernel gives ephemeral ports (Linux: 32768 to 60999 by
 *       default), where {@code bind(0)} picks too: so ports are drawn from below that range.
 * </ul>
 */
public final class FreePorts {
  private static final int LOWEST = 20_000;
  private static final int BELOW_EPHEMERAL = 32_768;
  private static final int ATTEMPTS = 1_000;
  private static final Path CLAIMS =
      Path.of(System.getProperty("java.io.tmpdir"), "strata-test-ports");

  /** The ports this JVM handed out, with the locks that claim them machine-wide. */
  private static final Map<Integer, FileLock> HANDED_OUT = new HashMap<>();

  private FreePorts() {}

  public static synchronized int next() {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL);
      if (!HANDED_OUT.containsKey(port) && isBindable(port)) {
        FileLock claim = claim(port);
        if (claim != null) {
          HANDED_OUT.put(port, claim);
          return port;
        }
      }
    }
    throw new IllegalStateException(
        "no free port found in [" + LOWEST + ", " + BELOW_EPHEMERAL + ") after " + ATTEMPTS);
  }

  private static boolean isBindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException inUse) {
      return false;
    }
  }

  /** The lock that claims {@code port} for this JVM, or null when another JVM holds it. */
  private static @Nullable FileLock claim(int port) {
    try {
      Files.createDirectories(CLAIMS);
      FileChannel channel =
          FileChannel.open(
              CLAIMS.resolve(port + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
      }
      return lock;
    } catch (OverlappingFileLockException impossible) {
      throw new IllegalStateException("port " + port + " is claimed twice in this JVM");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
