@NullMarked
package io.strata.service.api;

import org.jspecify.annotations.NullMarked;
