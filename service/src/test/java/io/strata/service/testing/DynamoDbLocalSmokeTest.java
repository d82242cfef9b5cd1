package io.strata.service.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Timeout(120)
class DynamoDbLocalSmokeTest {
  @Test
  void referenceImplementationAnswersListTables() {
    try (DynamoDbClient client =
        DynamoDbClient.builder()
            .endpointOverride(DynamoDbLocal.shared().endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .build()) {
      assertThat(client.listTables().tableNames()).isNotNull();
    }
  }
}
