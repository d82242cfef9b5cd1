@NullMarked
package io.strata.service.tenant;

import org.jspecify.annotations.NullMarked;
