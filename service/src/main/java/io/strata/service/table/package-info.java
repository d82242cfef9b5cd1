@NullMarked
package io.strata.service.table;

import org.jspecify.annotations.NullMarked;
