/**
 * Replication of write sets on Apache Ratis: one Raft group whose log entries are encoded write
 * sets, proposed by the leader's writer and applied by every other member's writer.
 */
@NullMarked
package io.strata.service.replication;

import org.jspecify.annotations.NullMarked;
