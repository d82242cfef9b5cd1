package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.crypto.MasterKey;
import io.strata.service.storage.Db;
import io.strata.service.testing.ServerProcess;
import io.strata.service.testing.ServerProcess.FailedStart;
import io.strata.service.testing.TempStore;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Starts that must not happen, tried with real processes as an operator would meet them: each exits
 * with status 1 within seconds (instead of staying up half-started) and logs one line that says
 * what is wrong and what to do; and a server never starts over data it cannot open or that is not
 * all there.
 */
@Timeout(300)
class StartupIT {
  private static final String REFUSED = "Strata did not start: ";

  @Test
  void aSecondProcessOnTheSameDataDirectoryRefusesToStart() throws Exception {
    try (ServerProcess first = ServerProcess.start(Map.of())) {
      FailedStart second = ServerProcess.startFailing(first.dataDirectory(), Map.of());

      assertRefused(
          second,
          "the data directory "
              + first.dataDirectory()
              + " is in use by another Strata process (pid "
              + first.pid()
              + "); stop it first, or give this server a data directory of its own"
              + " (STRATA_DATA_DIR)");
      try (DynamoDbClient client = first.client()) {
        assertThat(client.listTables().tableNames()).as("the first keeps serving").isEmpty();
      }
    }
  }

  @Test
  void theLockGoesWithTheProcessWhetherItStopsOrIsKilled() throws Exception {
    try (ServerProcess server = ServerProcess.start(Map.of())) {
      String table = createTable(server);
      server.kill();
      server.restart();
      server.stop();
      server.restart();
      try (DynamoDbClient client = server.client()) {
        assertThat(client.listTables().tableNames()).containsExactly(table);
      }
    }
  }

  @Test
  void aMissingMasterKeyFileIsNotReplacedWhenTheStoreHoldsSealedData() throws Exception {
    try (ServerProcess server = ServerProcess.start(Map.of())) {
      createTable(server);
      server.stop();
      Path keyFile = server.dataDirectory().resolve("master.key");
      String keyId = MasterKey.parse(Files.readString(keyFile).trim()).id();
      Files.delete(keyFile);

      assertRefused(
          server.restartFailing(),
          "the master key file "
              + keyFile
              + " is missing, but the store holds data sealed with master key "
              + keyId
              + ": restore that file from your backup, or give the key as STRATA_MASTER_KEY (a"
              + " new key could not open the existing data)");
      assertThat(keyFile).as("no new key was generated").doesNotExist();
    }
  }

  @Test
  void anotherStoresMasterKeyIsRefused() throws Exception {
    try (ServerProcess server = ServerProcess.start(Map.of())) {
      createTable(server);
      server.stop();
      Path keyFile = server.dataDirectory().resolve("master.key");
      String keyId = MasterKey.parse(Files.readString(keyFile).trim()).id();
      MasterKey other = MasterKey.generate();
      Files.writeString(keyFile, other.serialize() + "\n");

      assertRefused(
          server.restartFailing(),
          "the master key from "
              + keyFile
              + " ("
              + other.id()
              + ") is not this store's: its data is sealed with master key "
              + keyId
              + "; give that key (during a rotation, in STRATA_RETIRED_MASTER_KEYS)");
    }
  }

  @Test
  void aMasterKeyWithTheStoresIdButOtherBytesIsRefused() throws Exception {
    try (ServerProcess server = ServerProcess.start(Map.of())) {
      createTable(server);
      server.stop();
      Path keyFile = server.dataDirectory().resolve("master.key");
      String keyId = MasterKey.parse(Files.readString(keyFile).trim()).id();
      String otherBytes = MasterKey.generate().serialize();
      Files.writeString(keyFile, keyId + otherBytes.substring(otherBytes.indexOf(':')) + "\n");

      assertRefused(
          server.restartFailing(),
          "the master key from "
              + keyFile
              + " has this store's key id "
              + keyId
              + " but not its bytes, so it cannot open the store's data; give the key the store"
              + " was sealed with");
    }
  }

  @Test
  void aDamagedCatalogRecordEndsTheStartWithOneLine() throws Exception {
    try (ServerProcess server = ServerProcess.start(Map.of())) {
      String table = createTable(server);
      server.stop();
      damageTheRecordNaming(server.dataDirectory().resolve("lmdb"), table);

      FailedStart refused = server.restartFailing();

      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.errorLines())
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line)
                      .contains(REFUSED + "UncheckedIOException: corrupt catalog record of")
                      .contains("caused by"));
      assertThat(refused.logLines()).noneMatch(line -> line.startsWith("\tat "));
    }
  }

  @Test
  void anApiPortInUseEndsTheStartWithinSecondsNamingThePort() throws Exception {
    Path data = Files.createTempDirectory("strata-port");
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();

      FailedStart refused =
          ServerProcess.startFailing(data, Map.of("STRATA_PORT", Integer.toString(port)));

      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.errorLines())
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line)
                      .contains(
                          REFUSED
                              + "cannot listen on 127.0.0.1:"
                              + port
                              + " for the DynamoDB API (STRATA_HOST, STRATA_PORT): ")
                      .containsIgnoringCase("address already in use"));
    }
  }

  @Test
  void aMissingDataFileInAUsedDirectoryIsRefusedUnlessInitializeIsGiven() throws Exception {
    try (ServerProcess server = ServerProcess.start(Map.of())) {
      createTable(server);
      server.stop();
      Path credentials = server.dataDirectory().resolve("first-tenant.json");
      String firstCredentials = Files.readString(credentials);
      Path dataFile = server.dataDirectory().resolve("lmdb").resolve("data.mdb");
      Files.delete(dataFile);

      assertRefused(
          server.restartFailing(),
          dataFile
              + " is missing or empty, but this data directory was used before ("
              + server.dataDirectory().resolve("master.key")
              + " and 2 more exist): is its volume mounted? Restore data.mdb from a backup"
              + " (docs/operations.md), or start with --initialize to begin an empty store"
              + " here");
      assertThat(Files.readString(credentials)).as("left as it was").isEqualTo(firstCredentials);

      Files.write(dataFile, new byte[0]);
      assertThat(server.restartFailing().errorLines().get(0)).contains("is missing or empty");

      server.restart("--initialize");
      try (DynamoDbClient client = server.client()) {
        assertThat(client.listTables().tableNames()).as("an empty store").isEmpty();
      }
      assertThat(Files.readString(credentials)).isNotEqualTo(firstCredentials);
    }
  }

  @Test
  void aTruncatedDataFileIsRefusedBeforeItIsMapped() throws Exception {
    try (ServerProcess server = ServerProcess.start(Map.of())) {
      for (int i = 0; i < 20; i++) {
        createTable(server);
      }
      server.stop();
      Path dataFile = server.dataDirectory().resolve("lmdb").resolve("data.mdb");
      long size = Files.size(dataFile);
      try (FileChannel file = FileChannel.open(dataFile, StandardOpenOption.WRITE)) {
        file.truncate(size / 2);
      }

      FailedStart refused = server.restartFailing();

      assertThat(refused.exitCode()).as("not a JVM killed by SIGBUS").isEqualTo(1);
      assertThat(refused.errorLines())
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line)
                      .contains(REFUSED + dataFile + " is truncated: it is " + size / 2 + " bytes")
                      .endsWith("; restore it from a backup (docs/operations.md)"));
    }
  }

  private static void assertRefused(FailedStart start, String reason) {
    assertThat(start.exitCode()).as("exit status").isEqualTo(1);
    assertThat(start.errorLines())
        .as("what it logged: %s", start.logLines())
        .singleElement()
        .satisfies(line -> assertThat(line).endsWith(REFUSED + reason));
  }

  private static String createTable(ServerProcess server) {
    String table = TablesIT.randomName();
    try (DynamoDbClient client = server.client()) {
      client.createTable(TablesIT.hashAndRange(table).build());
    }
    return table;
  }

  /** Replaces the catalog record that names {@code table} with bytes that are not JSON. */
  private static void damageTheRecordNaming(Path lmdb, String table) throws Exception {
    byte[] name = ("\"" + table + "\"").getBytes(StandardCharsets.UTF_8);
    try (TempStore store = TempStore.open(lmdb)) {
      List<byte[]> keys =
          store
              .store()
              .read(
                  view -> {
                    List<byte[]> found = new ArrayList<>();
                    view.scan(
                        Db.CATALOG,
                        new byte[0],
                        true,
                        (key, value) -> {
                          if (contains(value, name)) {
                            found.add(key);
                          }
                          return true;
                        });
                    return found;
                  });
      assertThat(keys).as("catalog records naming %s", table).hasSize(1);
      store.write(
          view -> {
            view.put(Db.CATALOG, keys.get(0), "{damaged".getBytes(StandardCharsets.UTF_8));
            return null;
          });
    }
  }

  private static boolean contains(byte[] bytes, byte[] part) {
    return new String(bytes, StandardCharsets.ISO_8859_1)
        .contains(new String(part, StandardCharsets.ISO_8859_1));
  }
}
