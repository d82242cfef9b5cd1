/**
 * DynamoDB's subset of PartiQL, as the developer guide defines it: a hand-written lexer and
 * recursive-descent parser producing an immutable {@link io.strata.service.partiql.Ast}, the
 * binding of {@code ?} parameters, and the translation of conditions and updates into DynamoDB
 * expression syntax. Pure: no I/O, no Vert.x, no JSON; the {@code api} package turns statements
 * into the equivalent item operations.
 */
@NullMarked
package io.strata.service.partiql;

import org.jspecify.annotations.NullMarked;
