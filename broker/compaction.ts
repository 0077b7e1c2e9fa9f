/**
 * Compactor: the background job that compacts topics whose cleanup.policy includes "compact".
 *
 * Each run visits every such partition whose bytes appended since it was last compacted reach
 * min.cleanable.dirty.ratio of its size (Kafka's rule: each compaction reads the whole partition,
 * so it runs only after a share of it is new, which bounds the work per byte produced), or whose
 * last compaction is older than its delete.retention.ms (a tombstone may have expired since). It reads the partition's batches from whichever tier holds them, computes the
 * survivors with compactBatches (records/compact.ts: latest record per key, tombstones gone after
 * delete.retention.ms, offsets unchanged; the newest batch is kept whole, like Kafka's active
 * segment) and, when anything changed, has the partition replace
 * its batches (PartitionLog.rewrite, which keeps the WAL consistent in the durable modes). A
 * partition whose records cannot be decoded is skipped and reported, never half rewritten.
 */
import type { Logger } from "./settings/log.ts";
import { compactBatches } from "./records/compact.ts";
import { MemoryFullError, type PartitionLog } from "../storage/partition_log.ts";
import { DiskFullError } from "../storage/wal/wal.ts";
import { hasCleanupPolicy, type Topic } from "../storage/log_store.ts";

export interface CompactionStats {
  runsTotal: number;
  partitionsCompactedTotal: number;
  recordsRemovedTotal: number;
  tombstonesRemovedTotal: number;
  bytesBeforeTotal: number;
  bytesAfterTotal: number;
  lastRunAtMs: number;
  lastRunDurationMs: number;
  failuresTotal: number;
}

export class Compactor {
  readonly stats: CompactionStats = {
    runsTotal: 0,
    partitionsCompactedTotal: 0,
    recordsRemovedTotal: 0,
    tombstonesRemovedTotal: 0,
    bytesBeforeTotal: 0,
    bytesAfterTotal: 0,
    lastRunAtMs: 0,
    lastRunDurationMs: 0,
    failuresTotal: 0,
  };
  /** Per partition: its size right after it was last compacted, when, and tombstones left. */
  private readonly last = new WeakMap<
    PartitionLog,
    { sizeBytes: number; atMs: number; tombstonesKept: number }
  >();

  constructor(private readonly log: Logger) {}

  /** Compacts what needs it among `topics`; `configOf` gives a topic's effective config. */
  run(topics: Iterable<Topic>, configOf: (topic: Topic, name: string) => string, nowMs: number) {
    const startedMs = performance.now();
    for (const topic of topics) {
      if (!hasCleanupPolicy(topic, "compact")) continue;
      const deleteRetentionMs = Number(configOf(topic, "delete.retention.ms"));
      const dirtyRatio = Number(configOf(topic, "min.cleanable.dirty.ratio"));
      for (const partition of topic.partitions) {
        if (partition.batchCount === 0) continue;
        const last = this.last.get(partition) ??
          { sizeBytes: 0, atMs: -Infinity, tombstonesKept: 0 };
        const dirtyBytes = Math.max(0, partition.sizeBytes - last.sizeBytes);
        const due = dirtyBytes > 0 && dirtyBytes >= dirtyRatio * partition.sizeBytes;
        // A tombstone kept last time has expired once delete.retention.ms has passed since.
        const tombstonesDue = last.tombstonesKept > 0 && nowMs - last.atMs > deleteRetentionMs;
        if (!due && !tombstonesDue) continue;
        const tombstonesKept = this.compact(partition, deleteRetentionMs, nowMs);
        this.last.set(partition, { sizeBytes: partition.sizeBytes, atMs: nowMs, tombstonesKept });
      }
    }
    this.stats.runsTotal++;
    this.stats.lastRunAtMs = nowMs;
    this.stats.lastRunDurationMs = performance.now() - startedMs;
  }

  /** Compacts one partition; returns how many tombstones it still holds (at least). */
  private compact(partition: PartitionLog, deleteRetentionMs: number, nowMs: number): number {
    const stored = partition.storedBatches();
    let result;
    try {
      result = compactBatches(stored, { nowMs, deleteRetentionMs });
    } catch (err) {
      this.stats.failuresTotal++;
      this.log.warn("compaction skipped a partition it cannot decode", {
        topic: partition.topic,
        partition: partition.partition,
        error: err instanceof Error ? err.message : String(err),
      });
      return 0;
    }
    // The newest batch stays whole, as Kafka never cleans the active segment: a consumer at the
    // high watermark's previous offsets always finds a batch that ends at the high watermark.
    const last = stored.length - 1;
    // (A tombstone it holds may then stay: counted so a later run looks again.)
    const tombstonesKept = result.tombstonesKept +
      (result.batches[last] === stored[last].batch ? 0 : 1);
    result.batches[last] = stored[last].batch;
    if (result.batches.every((b, i) => b === stored[i].batch)) return tombstonesKept;
    const bytesBefore = partition.sizeBytes;
    try {
      partition.rewrite(stored, result.batches);
    } catch (err) {
      if (!(err instanceof DiskFullError || err instanceof MemoryFullError)) throw err;
      this.stats.failuresTotal++;
      this.log.warn("compaction postponed: no room for the rewritten batches", {
        topic: partition.topic,
        partition: partition.partition,
        error: err.message,
      });
      return tombstonesKept;
    }
    const s = this.stats;
    s.partitionsCompactedTotal++;
    s.recordsRemovedTotal += result.recordsBefore - result.recordsAfter;
    s.tombstonesRemovedTotal += result.tombstonesRemoved;
    s.bytesBeforeTotal += bytesBefore;
    s.bytesAfterTotal += partition.sizeBytes;
    this.log.debug("partition compacted", {
      topic: partition.topic,
      partition: partition.partition,
      recordsBefore: result.recordsBefore,
      recordsAfter: result.recordsAfter,
      bytesBefore,
      bytesAfter: partition.sizeBytes,
    });
    return tombstonesKept;
  }
}
