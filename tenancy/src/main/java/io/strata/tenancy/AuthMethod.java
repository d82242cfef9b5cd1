package io.strata.tenancy;

/** How a request proved who sent it. */
public enum AuthMethod {
  /** AWS Signature Version 4 with an access key issued by Strata. */
  SIGV4,
  /** A JWT bearer token from a registered issuer. */
  JWT
}
