@NullMarked
package io.strata.service.item;

import org.jspecify.annotations.NullMarked;
