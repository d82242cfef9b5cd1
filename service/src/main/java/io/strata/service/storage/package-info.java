@NullMarked
package io.strata.service.storage;

import org.jspecify.annotations.NullMarked;
