/**
 * Kafka's default partitioning for records without an explicit partition: a keyed record goes to
 * `toPositive(murmur2(key)) % partitions`, so a key lands where every Kafka client's default
 * partitioner puts it; a record without a key takes the next partition in turn.
 *
 * murmur2 and toPositive follow Apache Kafka's org.apache.kafka.common.utils.Utils (murmur2 with
 * seed 0x9747b28c, m 0x5bd1e995, r 24; toPositive = n & 0x7fffffff) and
 * BuiltInPartitioner.partitionForKey.
 */
import assert from "node:assert/strict";

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/** Kafka's 32-bit murmur2 of `data`, as the signed int Java returns. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  switch (length & 3) {
    case 3:
      h ^= data[whole + 2] << 16;
    // falls through
    case 2:
      h ^= data[whole + 1] << 8;
    // falls through
    case 1:
      h ^= data[whole];
      h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition Kafka's default partitioner picks for `key`. */
export function partitionForKey(key: Uint8Array, partitionCount: number): number {
  assertPartitionCount(partitionCount);
  return (murmur2(key) & 0x7fffffff) % partitionCount;
}

/** Hands out partitions in turn for records without a key. */
export class RoundRobin {
  private counter = 0;

  next(partitionCount: number): number {
    assertPartitionCount(partitionCount);
    const partition = this.counter % partitionCount;
    this.counter = (this.counter + 1) % 0x7fffffff;
    return partition;
  }
}

function assertPartitionCount(partitionCount: number): void {
  assert(
    Number.isInteger(partitionCount) && partitionCount >= 1,
    `partition count must be a positive integer, got ${partitionCount}`,
  );
}
