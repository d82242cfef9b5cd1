package io.strata.tenancy.internal;

import io.strata.tenancy.SignedRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs requests with the real AWS SDK v2 signer and hands them over as the server would see them:
 * raw path, raw query, every header line, the body bytes.
 */
final class SdkSigner {
  private final String accessKeyId;
  private final String secretAccessKey;
  private String region = "us-east-1";
  private String service = "dynamodb";
  private Instant signingTime;
  private boolean payloadSigning = true;

  SdkSigner(String accessKeyId, String secretAccessKey, Instant signingTime) {
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.signingTime = signingTime;
  }

  SdkSigner region(String region) {
    this.region = region;
    return this;
  }

  SdkSigner service(String service) {
    this.service = service;
    return this;
  }

  /** Off: the SDK signs {@code UNSIGNED-PAYLOAD}, as it may over HTTPS. */
  SdkSigner payloadSigning(boolean enabled) {
    this.payloadSigning = enabled;
    return this;
  }

  SdkSigner at(Instant signingTime) {
    this.signingTime = signingTime;
    return this;
  }

  /** A DynamoDB-shaped POST / with the usual headers, customised by {@code customizer}. */
  SignedRequest sign(byte[] body, Consumer<SdkHttpRequest.Builder> customizer) {
    SdkHttpRequest.Builder builder =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create("https://dynamodb." + region + ".amazonaws.com/"))
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("X-Amz-Target", "DynamoDB_20120810.GetItem");
    customizer.accept(builder);
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                request ->
                    request
                        .identity(AwsCredentialsIdentity.create(accessKeyId, secretAccessKey))
                        .request(builder.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning)
                        .putProperty(
                            HttpSigner.SIGNING_CLOCK, Clock.fixed(signingTime, ZoneOffset.UTC)))
            .request();
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    signed.forEachHeader(
        (name, values) -> values.forEach(value -> headers.add(Map.entry(name, value))));
    URI uri = signed.getUri();
    return SignedRequest.of(
        signed.method().name(), uri.getRawPath(), uri.getRawQuery(), headers, body);
  }

  SignedRequest sign(byte[] body) {
    return sign(body, builder -> {});
  }
}
