@NullMarked
package io.strata.service.json;

import org.jspecify.annotations.NullMarked;
