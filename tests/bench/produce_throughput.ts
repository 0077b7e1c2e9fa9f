/**
 * Produce throughput: `messageCount` values of `valueBytes`, round-robin over the topic's
 * partitions, `batchMessages` per send() (one record batch per partition per request), at most
 * `inFlightSends` sends awaiting acks=1 at once. Timed from the first send to the last ack.
 */
import assert from "node:assert/strict";
import type { BenchProducer, CreatedTopic } from "./client.ts";
import { valuePool } from "./payloads.ts";

export interface ProduceThroughputSpec {
  messageCount: number;
  valueBytes: number;
  partitions: number;
  batchMessages: number;
  inFlightSends: number;
}

export interface ProduceThroughputRun {
  elapsedMs: number;
  delivered: number;
  /** Messages acknowledged per partition: what the consume workload must read back. */
  perPartition: number[];
}

export async function produceThroughput(
  producer: BenchProducer,
  topic: CreatedTopic,
  spec: ProduceThroughputSpec,
): Promise<ProduceThroughputRun> {
  const pool = valuePool(spec.valueBytes);
  const perPartition = new Array<number>(spec.partitions).fill(0);
  const inFlight: Promise<number>[] = [];
  let delivered = 0;
  let sent = 0;
  const startMs = performance.now();
  while (sent < spec.messageCount) {
    const count = Math.min(spec.batchMessages, spec.messageCount - sent);
    const messages = new Array(count);
    for (let i = 0; i < count; i++) {
      const seq = sent + i;
      const partition = seq % spec.partitions;
      perPartition[partition]++;
      messages[i] = { topic: topic.name, partition, value: pool[seq % pool.length] };
    }
    sent += count;
    const send = producer.send({ messages }).then(() => count);
    // Marked handled now; a failure still rejects the `await` below, in order.
    send.catch(() => {});
    inFlight.push(send);
    if (inFlight.length >= spec.inFlightSends) delivered += await inFlight.shift()!;
  }
  for (const send of inFlight) delivered += await send;
  const elapsedMs = performance.now() - startMs;
  assert.equal(delivered, spec.messageCount, "every send resolved, so every message was acked");
  return { elapsedMs, delivered, perPartition };
}
