package io.strata.bench;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Which key a request addresses, out of {@code keys} (0 to keys - 1).
 *
 * <p>{@code uniform}: every key alike, so the working set is the whole table (with enough keys,
 * larger than the item cache). {@code zipf}: a hot set, as real read traffic has; key {@code k} is
 * drawn with probability density proportional to {@code (k + 1)^-s} over {@code [1, keys + 1)} (the
 * continuous form of Zipf's law, sampled exactly by inverting its distribution function in O(1)),
 * so with {@code s} near 1 a few hundred keys take a large share of the requests and the long tail
 * is still touched now and then.
 */
sealed interface KeyPattern {
  int next();

  static KeyPattern parse(String spec, int keys) {
    if (spec.equals("uniform")) {
      return new Uniform(keys);
    }
    if (spec.startsWith("zipf")) {
      double exponent = spec.contains(":") ? Double.parseDouble(spec.substring(5)) : 0.99;
      return new Zipf(keys, exponent);
    }
    throw new IllegalArgumentException("--keys-pattern: uniform or zipf[:exponent], not " + spec);
  }

  record Uniform(int keys) implements KeyPattern {
    @Override
    public int next() {
      return ThreadLocalRandom.current().nextInt(keys);
    }
  }

  /** Inverse-transform sampling of the density {@code x^-s} on {@code [1, keys + 1)}. */
  record Zipf(int keys, double exponent) implements KeyPattern {
    public Zipf {
      if (exponent <= 0 || exponent == 1) {
        throw new IllegalArgumentException("zipf exponent must be positive and not 1: " + exponent);
      }
    }

    @Override
    public int next() {
      double oneMinusS = 1 - exponent;
      double top = Math.pow(keys + 1.0, oneMinusS) - 1;
      double u = ThreadLocalRandom.current().nextDouble();
      double x = Math.pow(1 + u * top, 1 / oneMinusS);
      return Math.min(keys - 1, (int) x - 1);
    }
  }
}
