/**
 * DynamoDB Streams: change records written with the change itself, read through shard iterators.
 */
@NullMarked
package io.strata.service.stream;

import org.jspecify.annotations.NullMarked;
