/** Test helper: reads a partition's stored record batches straight from the broker's storage. */
import assert from "node:assert/strict";
import type { TestBroker } from "./broker.ts";
import { readBatchHeader } from "../../broker/records/batch_header.ts";

/** Every stored batch of a partition, oldest first, as the raw bytes the broker keeps. */
export function storedBatches(b: TestBroker, topic: string, partition: number): Uint8Array[] {
  const log = b.broker.store.partition(topic, partition);
  assert(log, `no partition ${topic}/${partition}`);
  const batches: Uint8Array[] = [];
  let offset = log.logStartOffset;
  while (offset < log.nextOffset) {
    const [batch] = log.read(offset, 0);
    const h = readBatchHeader(batch);
    batches.push(batch);
    offset = h.baseOffset + h.lastOffsetDelta + 1;
  }
  return batches;
}
