package io.strata.service.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Catalog records keep reading: key schemas written before multi-attribute keys existed. */
@Timeout(30)
class KeySchemaTest {
  @Test
  void readsTheSingleAttributeFormOfOlderCatalogRecords() throws Exception {
    KeySchema schema =
        Json.RECORDS.readValue(
            "{\"partitionKey\":{\"name\":\"pk\",\"type\":\"S\"},"
                + "\"sortKey\":{\"name\":\"sk\",\"type\":\"N\"}}",
            KeySchema.class);
    assertThat(schema)
        .isEqualTo(
            new KeySchema(
                new KeySchema.KeyAttribute("pk", AttributeValue.Type.S),
                new KeySchema.KeyAttribute("sk", AttributeValue.Type.N)));
    assertThat(
            Json.RECORDS.readValue(
                "{\"partitionKey\":{\"name\":\"pk\",\"type\":\"B\"},\"sortKey\":null}",
                KeySchema.class))
        .isEqualTo(new KeySchema(new KeySchema.KeyAttribute("pk", AttributeValue.Type.B), null));
  }

  @Test
  void multiAttributeSchemasRoundTrip() throws Exception {
    KeySchema schema =
        new KeySchema(
            List.of(
                new KeySchema.KeyAttribute("a", AttributeValue.Type.S),
                new KeySchema.KeyAttribute("b", AttributeValue.Type.N)),
            List.of(new KeySchema.KeyAttribute("c", AttributeValue.Type.S)));
    String json = Json.RECORDS.writeValueAsString(schema);
    assertThat(json).doesNotContain("\"partitionKey\"");
    assertThat(Json.RECORDS.readValue(json, KeySchema.class)).isEqualTo(schema);
  }
}
