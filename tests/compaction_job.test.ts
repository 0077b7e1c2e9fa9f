/**
 * The compaction job's schedule: a partition is compacted again only once
 * min.cleanable.dirty.ratio of it is new, or when a tombstone it kept may have expired.
 */
import assert from "node:assert/strict";
import { Compactor } from "../broker/compaction.ts";
import { createLogger } from "../broker/settings/log.ts";
import { buildBatch, decodeBatch } from "../broker/records/record_codec.ts";
import { readBatchHeader } from "../broker/records/batch_header.ts";
import { LogStore } from "../storage/log_store.ts";
import type { PartitionLog } from "../storage/partition_log.ts";

const encoder = new TextEncoder();

function put(log: PartitionLog, key: string, value: string | null, appendTimeMs = 0): void {
  const batch = buildBatch([{
    key: encoder.encode(key),
    value: value === null ? null : encoder.encode(value.padEnd(200, ".")),
  }], { nowMs: 0 });
  const h = readBatchHeader(batch);
  log.append(
    batch,
    { lastOffsetDelta: h.lastOffsetDelta, maxTimestampMs: h.maxTimestamp },
    appendTimeMs,
  );
}

/** One compacted partition, a Compactor, and a run at a given time (delete.retention.ms 1 s). */
function compactedPartition() {
  const store = new LogStore({
    maxMemoryBytes: 1 << 20,
    segmentSizeBytes: 1 << 16,
    retentionMs: -1,
  });
  const topic = store.createTopic("t", "id", 1, { "cleanup.policy": "compact" }, 0);
  const configs: Record<string, string> = {
    "delete.retention.ms": "1000",
    "min.cleanable.dirty.ratio": "0.5",
  };
  const compactor = new Compactor(createLogger("error"));
  const run = (nowMs = 0) => compactor.run([topic], (_t, name) => configs[name], nowMs);
  return { log: topic.partitions[0], compactor, run };
}

Deno.test("compaction job: runs again only after min.cleanable.dirty.ratio of new bytes", () => {
  const { log, compactor, run } = compactedPartition();
  for (let i = 0; i < 20; i++) put(log, `k${i % 2}`, `v${i}`);
  run();
  assert.equal(compactor.stats.partitionsCompactedTotal, 1);
  assert.equal(log.batchCount, 2, "k0 and k1 once each");
  const sizeAfter = log.sizeBytes;
  put(log, "k0", "again"); // 1 new batch of 3: below half
  run();
  assert.equal(compactor.stats.partitionsCompactedTotal, 1, "not dirty enough");
  put(log, "k1", "again");
  put(log, "k0", "third");
  assert.ok(log.sizeBytes - sizeAfter >= 0.5 * log.sizeBytes);
  run();
  assert.equal(compactor.stats.partitionsCompactedTotal, 2);
  assert.equal(log.batchCount, 2);
});

Deno.test("compaction job: a kept tombstone is looked at again after delete.retention.ms", () => {
  const { log, compactor, run } = compactedPartition();
  put(log, "a", "1", 0);
  put(log, "a", null, 0); // tombstone for a
  put(log, "b", "1", 0);
  run(500);
  assert.deepEqual(readKeys(log), ["a", "b"], "the tombstone (a) is younger than 1 s");
  run(900);
  assert.equal(compactor.stats.partitionsCompactedTotal, 1, "nothing new, nothing expired");
  run(1600);
  assert.deepEqual(readKeys(log), ["b"]);
  assert.equal(compactor.stats.tombstonesRemovedTotal, 1);
});

function readKeys(log: PartitionLog): (string | null)[] {
  return log.storedBatches().flatMap((s) =>
    decodeBatch(s.batch).map((r) => r.key === null ? null : new TextDecoder().decode(r.key))
  );
}
