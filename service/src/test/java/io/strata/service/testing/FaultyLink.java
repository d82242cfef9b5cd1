package io.strata.service.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One direction of the network between two cluster members: a TCP proxy on 127.0.0.1 that the
 * sending member dials instead of the receiver's Raft port (its {@code STRATA_PEERS} names the
 * link). {@link #cut} drops every connection and refuses new ones (each is closed as soon as it is
 * accepted), as a partition leaves the sender; {@link #heal} lets connections through again.
 */
public final class FaultyLink implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  private FaultyLink(ServerSocket listener, int targetPort) {
    this.listener = listener;
    this.targetPort = targetPort;
  }

  /** A link to {@code targetPort} on 127.0.0.1, listening on a free port of its own. */
  public static FaultyLink to(int targetPort) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    FaultyLink link = new FaultyLink(listener, targetPort);
    Thread acceptor = new Thread(link::accept, "faulty-link-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    return link;
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Drops the link: open connections are closed and new ones refused until {@link #heal}. */
  public void cut() {
    cut = true;
    open.forEach(FaultyLink::closeQuietly);
  }

  public void heal() {
    cut = false;
  }

  @Override
  public void close() {
    cut();
    closeQuietly(listener);
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket inbound;
      try {
        inbound = listener.accept();
      } catch (IOException listenerClosed) {
        return;
      }
      if (cut) {
        closeQuietly(inbound);
        continue;
      }
      try {
        Socket outbound = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        open.add(inbound);
        open.add(outbound);
        pump(inbound, outbound);
        pump(outbound, inbound);
      } catch (IOException targetDown) {
        closeQuietly(inbound);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread pump =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                  out.write(buffer, 0, read);
                }
              } catch (IOException e) {
                // one side closed or was cut: the other goes too
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "faulty-link-pump-" + port());
    pump.setDaemon(true);
    pump.start();
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
