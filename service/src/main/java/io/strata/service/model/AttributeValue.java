package io.strata.service.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One DynamoDB attribute value. The ten wire types are the ten records below; switch over them
 * without a {@code default} so a new case is a compile error.
 *
 * <p>All values are deeply immutable. Sets and maps keep insertion order, which is what clients
 * see; equality of sets ignores order, as DynamoDB's does.
 */
public sealed interface AttributeValue {

  Type type();

  /** Wire names of the types; persisted as their ordinal in item encodings: never reorder. */
  enum Type {
    S,
    N,
    B,
    BOOL,
    NULL,
    M,
    L,
    SS,
    NS,
    BS;

    public boolean isScalar() {
      return this == S || this == N || this == B;
    }

    public boolean isSet() {
      return this == SS || this == NS || this == BS;
    }
  }

  record S(String value) implements AttributeValue {
    @Override
    public Type type() {
      return Type.S;
    }
  }

  record N(DynamoNumber value) implements AttributeValue {
    public static N of(long value) {
      return new N(DynamoNumber.of(value));
    }

    public static N parse(String text) {
      return new N(DynamoNumber.parse(text));
    }

    @Override
    public Type type() {
      return Type.N;
    }
  }

  record B(Bytes value) implements AttributeValue {
    @Override
    public Type type() {
      return Type.B;
    }
  }

  record Bool(boolean value) implements AttributeValue {
    public static final Bool TRUE = new Bool(true);
    public static final Bool FALSE = new Bool(false);

    public static Bool of(boolean value) {
      return value ? TRUE : FALSE;
    }

    @Override
    public Type type() {
      return Type.BOOL;
    }
  }

  record Null() implements AttributeValue {
    public static final Null INSTANCE = new Null();

    @Override
    public Type type() {
      return Type.NULL;
    }
  }

  record M(Map<String, AttributeValue> value) implements AttributeValue {
    public M {
      value = Collections.unmodifiableMap(new LinkedHashMap<>(value));
    }

    @Override
    public Type type() {
      return Type.M;
    }
  }

  record L(List<AttributeValue> value) implements AttributeValue {
    public L {
      value = List.copyOf(value);
    }

    @Override
    public Type type() {
      return Type.L;
    }
  }

  record SS(Set<String> value) implements AttributeValue {
    public SS {
      value = Collections.unmodifiableSet(new LinkedHashSet<>(value));
    }

    @Override
    public Type type() {
      return Type.SS;
    }
  }

  record NS(Set<DynamoNumber> value) implements AttributeValue {
    public NS {
      value = Collections.unmodifiableSet(new LinkedHashSet<>(value));
    }

    @Override
    public Type type() {
      return Type.NS;
    }
  }

  record BS(Set<Bytes> value) implements AttributeValue {
    public BS {
      value = Collections.unmodifiableSet(new LinkedHashSet<>(value));
    }

    @Override
    public Type type() {
      return Type.BS;
    }
  }

  static S s(String value) {
    return new S(value);
  }

  static N n(String value) {
    return N.parse(value);
  }

  static N n(long value) {
    return N.of(value);
  }

  static B b(Bytes value) {
    return new B(value);
  }
}
