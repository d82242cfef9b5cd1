package io.strata.service.tenant;

/** A new access key's id and secret: returned once, at creation, and never again. */
public record Credentials(String tenantId, String accessKeyId, String secretAccessKey) {

  @Override
  public String toString() {
    return "Credentials[tenantId=" + tenantId + ", accessKeyId=" + accessKeyId + ", secret=***]";
  }
}
