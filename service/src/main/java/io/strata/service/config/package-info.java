@NullMarked
package io.strata.service.config;

import org.jspecify.annotations.NullMarked;
