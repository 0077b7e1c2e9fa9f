/**
 * Produce round trip: one message at a time, each send() awaited (acks=1) before the next, to
 * one partition. The first `warmups` are not measured.
 */
import type { BenchProducer, CreatedTopic } from "./client.ts";
import { valuePool } from "./payloads.ts";

export async function produceRoundTrips(
  producer: BenchProducer,
  topic: CreatedTopic,
  warmups: number,
  count: number,
  valueBytes: number,
): Promise<Float64Array> {
  const pool = valuePool(valueBytes);
  const samplesUs = new Float64Array(count);
  for (let i = -warmups; i < count; i++) {
    const value = pool[(i + warmups) % pool.length];
    const startMs = performance.now();
    await producer.send({ messages: [{ topic: topic.name, partition: 0, value }] });
    if (i >= 0) samplesUs[i] = (performance.now() - startMs) * 1000;
  }
  return samplesUs;
}
