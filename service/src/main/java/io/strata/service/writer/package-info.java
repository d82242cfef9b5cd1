/** The single writer: group commit of evaluated write sets, through the replication seam. */
@NullMarked
package io.strata.service.writer;

import org.jspecify.annotations.NullMarked;
