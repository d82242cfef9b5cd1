/** The built-in DAX-like read cache: decrypted items and query pages, invalidated by the writer. */
@NullMarked
package io.strata.service.cache;

import org.jspecify.annotations.NullMarked;
