@NullMarked
package io.strata.service.error;

import org.jspecify.annotations.NullMarked;
