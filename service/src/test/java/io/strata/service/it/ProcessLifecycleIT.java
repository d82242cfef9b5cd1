package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.json.Json;
import io.strata.service.testing.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * The service as an operator runs it: JSON logs carrying request ids, and a SIGTERM that lets
 * in-flight writes finish and loses nothing acknowledged.
 */
@Timeout(180)
class ProcessLifecycleIT {
  @Test
  void theStartBannerIsTheFirstThingShownAndTheLoggingLibraryStaysQuiet() throws Exception {
    try (ServerProcess server = ServerProcess.start(Map.of())) {
      List<String> banner = server.outputLines();
      assertThat(banner.get(0))
          .startsWith("Strata ")
          .endsWith(" is serving the DynamoDB API at " + server.endpoint());
      assertThat(banner).anyMatch(line -> line.startsWith("  Secret key:"));

      List<String> log = server.logLines();
      assertThat(log.get(0))
          .as("nothing is logged before the banner's facts")
          .contains("created the first tenant");
      assertThat(banner).as("logback's own status").noneMatch(line -> line.contains("|-"));
      assertThat(log).as("logback's own status").noneMatch(line -> line.contains("|-"));
    }
  }

  @Test
  void logsAreJsonWithRequestIdsAndSigtermShutsDownGracefully() throws Exception {
    try (ServerProcess server =
        ServerProcess.start(Map.of("STRATA_LOG_FORMAT", "json", "STRATA_ACCESS_LOG", "INFO"))) {
      String table = TablesIT.randomName();
      String requestId;
      List<CompletableFuture<Integer>> writers = new ArrayList<>();
      AtomicInteger acknowledged = new AtomicInteger();
      try (DynamoDbClient client = server.client()) {
        client.createTable(TablesIT.hashAndRange(table).build());
        PutItemResponse put =
            client.putItem(
                b ->
                    b.tableName(table)
                        .item(
                            Map.of(
                                "pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("0"))));
        requestId = put.responseMetadata().requestId();
        for (int w = 0; w < 4; w++) {
          int writer = w;
          writers.add(
              CompletableFuture.supplyAsync(
                  () -> {
                    int done = 0;
                    try {
                      for (int i = 1; ; i++) {
                        int sk = writer * 100_000 + i;
                        client.putItem(
                            b ->
                                b.tableName(table)
                                    .item(
                                        Map.of(
                                            "pk", AttributeValue.fromS("a"),
                                            "sk", AttributeValue.fromN(Integer.toString(sk)))));
                        done = i;
                        acknowledged.incrementAndGet();
                      }
                    } catch (RuntimeException stopped) {
                      return done;
                    }
                  }));
        }
        while (acknowledged.get() < 200) {
          Thread.sleep(10);
        }
        int exit = server.stop();
        assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
        List<Integer> lastAcknowledged = new ArrayList<>();
        for (CompletableFuture<Integer> writer : writers) {
          lastAcknowledged.add(writer.get());
        }

        List<JsonNode> log = new ArrayList<>();
        for (String line : server.logLines()) {
          log.add(Json.RECORDS.readTree(line));
        }
        assertThat(log).as("every log line is a JSON object").allMatch(JsonNode::isObject);
        assertThat(log)
            .as("the access log line of the PutItem carries its request id")
            .anyMatch(
                line -> line.toString().contains(requestId) && line.toString().contains("PutItem"));
        assertThat(log.get(log.size() - 1).get("formattedMessage").asText())
            .isEqualTo("Strata stopped");

        server.restart();
        try (DynamoDbClient after = server.client()) {
          for (int w = 0; w < writers.size(); w++) {
            int writer = w;
            for (int i = 1; i <= lastAcknowledged.get(w); i++) {
              int sk = writer * 100_000 + i;
              assertThat(
                      after
                          .getItem(
                              b ->
                                  b.tableName(table)
                                      .consistentRead(true)
                                      .key(
                                          Map.of(
                                              "pk", AttributeValue.fromS("a"),
                                              "sk", AttributeValue.fromN(Integer.toString(sk)))))
                          .hasItem())
                  .as("acknowledged write %d of writer %d", i, writer)
                  .isTrue();
            }
          }
        }
      }
    }
  }
}
