@NullMarked
package io.strata.service.expr;

import org.jspecify.annotations.NullMarked;
