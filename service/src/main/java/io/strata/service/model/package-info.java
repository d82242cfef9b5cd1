@NullMarked
package io.strata.service.model;

import org.jspecify.annotations.NullMarked;
