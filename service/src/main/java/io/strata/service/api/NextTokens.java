package io.strata.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.service.error.DynamoException;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.json.Json;
import io.strata.service.model.AttributeValue;
import io.strata.service.storage.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * ExecuteStatement's NextToken for a SELECT: which of the statement's reads to resume (a SELECT of
 * several partitions is one Query each) and the key to resume after. Base64 of
 *
 * <pre>
 * {"s": digest of statement and parameters, "o": read index, "k": {key} (absent: from the start)}
 * </pre>
 *
 * A token only continues the statement it came from: one presented with another statement or other
 * parameters, or not one of ours at all, is refused as DynamoDB refuses it ({@code Invalid
 * NextToken}).
 */
final class NextTokens {
  record Position(int read, @Nullable Map<String, AttributeValue> start) {}

  private NextTokens() {}

  static String digest(String statement, @Nullable JsonNode parameters) {
    return Sha256.hexOf(statement + '\u0000' + (parameters == null ? "" : parameters.toString()))
        .substring(0, 32);
  }

  static String encode(String digest, Position position) {
    ObjectNode token = Json.MAPPER.createObjectNode();
    token.put("s", digest);
    token.put("o", position.read());
    if (position.start() != null) {
      token.set("k", AttributeValueJson.toTree(position.start()));
    }
    return Base64.getEncoder().encodeToString(token.toString().getBytes(StandardCharsets.UTF_8));
  }

  static Position decode(String nextToken, String digest) {
    try {
      JsonNode token = Json.parse(Base64.getDecoder().decode(nextToken));
      if (!digest.equals(token.path("s").asText()) || !token.path("o").canConvertToInt()) {
        throw invalid();
      }
      JsonNode key = token.get("k");
      return new Position(
          token.get("o").intValue(), key == null ? null : AttributeValueJson.readMap(key));
    } catch (IllegalArgumentException | DynamoException e) {
      throw invalid();
    }
  }

  private static DynamoException invalid() {
    return DynamoException.validation("Invalid NextToken");
  }
}
