package io.strata.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * How one loader worker sends the BatchWriteItem that puts keys {@code from} to {@code to} - 1,
 * again until no item is left unprocessed, recording each request's latency. One per worker: the
 * raw one owns a connection.
 */
interface BatchWriter extends AutoCloseable {
  void write(int from, int to, String payload, Workers.Worker worker) throws IOException;

  @Override
  default void close() throws IOException {}

  /** Opens the writer of one worker. */
  interface Factory {
    BatchWriter open() throws IOException;
  }

  /** Through the AWS SDK client, which keeps its own connection pool. */
  static Factory sdk(DynamoDbClient client, String table) {
    return () ->
        (from, to, payload, worker) -> {
          List<WriteRequest> pending = Workload.batch(from, to, payload);
          while (!pending.isEmpty()) {
            List<WriteRequest> sending = pending;
            long sent = System.nanoTime();
            BatchWriteItemResponse response =
                client.batchWriteItem(b -> b.requestItems(Map.of(table, sending)));
            worker.recordSince(sent);
            pending = response.unprocessedItems().getOrDefault(table, List.of());
          }
        };
  }

  /**
   * Over a raw connection, each batch signed as it is sent. A response with unprocessed items sends
   * the whole batch again (puts of the same items are idempotent), which keeps the client from
   * parsing JSON; any other answer than 200 is counted as an error and the batch is given up.
   */
  static Factory raw(SSLContext tls, RawSigner signer, String table) {
    return () -> {
      RawConnection connection = new RawConnection(signer.endpoint(), tls);
      return new BatchWriter() {
        @Override
        public void write(int from, int to, String payload, Workers.Worker worker)
            throws IOException {
          StringBuilder body = new StringBuilder("{\"RequestItems\":{\"" + table + "\":[");
          for (int key = from; key < to; key++) {
            body.append(key == from ? "" : ",")
                .append("{\"PutRequest\":{\"Item\":")
                .append(RawRequests.itemJson(key, payload))
                .append("}}");
          }
          byte[] request = signer.signed("BatchWriteItem", body.append("]}}").toString());
          while (true) {
            long sent = System.nanoTime();
            RawConnection.Response response = connection.exchange(request);
            if (response.status() != 200) {
              worker.countError("HTTP " + response.status());
              return;
            }
            worker.recordSince(sent);
            if (!response.body().contains("\"UnprocessedItems\":{\"")) {
              return;
            }
          }
        }

        @Override
        public void close() throws IOException {
          connection.close();
        }
      };
    };
  }
}
