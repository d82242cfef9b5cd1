@NullMarked
package io.strata.service.http;

import org.jspecify.annotations.NullMarked;
