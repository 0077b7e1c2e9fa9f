/**
 * Consume throughput: reads a topic from offset 0 up to the counts the produce workload had
 * acknowledged, with back-to-back Fetch requests (all unfinished partitions in each, no group),
 * and checks that exactly those messages, of the expected size, came back.
 */
import assert from "node:assert/strict";
import type { Buffer } from "node:buffer";
import { type BenchConsumer, type CreatedTopic, fetchOnce } from "./client.ts";

/** librdkafka's fetch.wait.max.ms default; data is already there, so no fetch should wait. */
const FETCH_WAIT_MS = 500;

export interface ConsumeThroughputRun {
  elapsedMs: number;
  consumed: number;
  /** Value bytes read, over all messages. */
  bytes: number;
  firstMessageMs: number;
}

export async function consumeThroughput(
  consumer: BenchConsumer,
  topic: CreatedTopic,
  expectedPerPartition: number[],
  valueBytes: number,
): Promise<ConsumeThroughputRun> {
  const positions = new Map<number, bigint>();
  expectedPerPartition.forEach((count, partition) => {
    if (count > 0) positions.set(partition, 0n);
  });
  const expected = expectedPerPartition.reduce((a, b) => a + b, 0);
  let consumed = 0;
  let bytes = 0;
  let firstMessageMs = -1;
  const onRecord = (_partition: number, _offset: bigint, value: Buffer) => {
    bytes += value.length;
  };
  const startMs = performance.now();
  while (positions.size > 0) {
    consumed += await fetchOnce(consumer, topic, positions, FETCH_WAIT_MS, onRecord);
    if (firstMessageMs < 0 && consumed > 0) firstMessageMs = performance.now() - startMs;
    for (const [partition, next] of positions) {
      const end = BigInt(expectedPerPartition[partition]);
      assert.ok(next <= end, `partition ${partition} holds more than the ${end} produced`);
      if (next === end) positions.delete(partition);
    }
  }
  const elapsedMs = performance.now() - startMs;
  assert.equal(consumed, expected, "consumed exactly what was produced");
  assert.equal(bytes, expected * valueBytes, "every value came back whole");
  return { elapsedMs, consumed, bytes, firstMessageMs };
}
