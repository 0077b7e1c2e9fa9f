/**
 * Compactor: the background job that compacts topics whose cleanup.policy includes "compact".
 *
 * Each run visits every such partition that took new batches since it was last compacted, or
 * whose last compaction is older than its delete.retention.ms (a tombstone may have expired
 * since). It reads the partition's batches from whichever tier holds them, computes the
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
import type { Topic } from "../storage/log_store.ts";

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

/** Whether the topic's cleanup.policy (as configured, default "delete") includes `policy`. */
export function hasCleanupPolicy(topic: Topic, policy: "compact" | "delete"): boolean {
  const value = topic.configs["cleanup.policy"] ?? "delete";
  return value.split(",").map((p) => p.trim()).includes(policy);
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
  /** Per partition: its next offset and the time when last compacted. */
  private readonly last = new WeakMap<PartitionLog, { nextOffset: number; atMs: number }>();

  constructor(private readonly log: Logger) {}

  /** Compacts what needs it among `topics`; `deleteRetentionMsOf` gives each topic's setting. */
  run(topics: Iterable<Topic>, deleteRetentionMsOf: (topic: Topic) => number, nowMs: number) {
    const startedMs = performance.now();
    for (const topic of topics) {
      if (!hasCleanupPolicy(topic, "compact")) continue;
      const deleteRetentionMs = deleteRetentionMsOf(topic);
      for (const partition of topic.partitions) {
        const last = this.last.get(partition);
        const dirty = last === undefined || last.nextOffset !== partition.nextOffset ||
          nowMs - last.atMs > deleteRetentionMs;
        if (!dirty || partition.batchCount === 0) continue;
        this.compact(partition, deleteRetentionMs, nowMs);
        this.last.set(partition, { nextOffset: partition.nextOffset, atMs: nowMs });
      }
    }
    this.stats.runsTotal++;
    this.stats.lastRunAtMs = nowMs;
    this.stats.lastRunDurationMs = performance.now() - startedMs;
  }

  private compact(partition: PartitionLog, deleteRetentionMs: number, nowMs: number): void {
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
      return;
    }
    // The newest batch stays whole, as Kafka never cleans the active segment: a consumer at the
    // high watermark's previous offsets always finds a batch that ends at the high watermark.
    const last = stored.length - 1;
    result.batches[last] = stored[last].batch;
    if (result.batches.every((b, i) => b === stored[i].batch)) return;
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
      return;
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
  }
}
