package io.strata.service.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Export records saved by earlier versions still read: they predate the ION format. */
@Timeout(10)
class ExportJobTest {
  @Test
  void aRecordSavedBeforeIonExportsReadsAsDynamoDbJson() {
    byte[] saved =
        ("{\"scratchId\":7,\"exportId\":\"01700000000000-0123abcd\",\"tenantId\":\"318406532417\","
                + "\"directory\":\"bucket/AWSDynamoDB/01700000000000-0123abcd\","
                + "\"status\":\"COMPLETED\",\"itemCount\":3}")
            .getBytes(StandardCharsets.UTF_8);

    ExportJob job = Json.fromRecordBytes(saved, ExportJob.class);

    assertThat(job.exportFormat()).isEqualTo(ExportJob.Format.DYNAMODB_JSON);
    assertThat(job.itemCount()).isEqualTo(3);
  }
}
