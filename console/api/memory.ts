/**
 * GET /api/memory: the storage tiers. The segment pool (used, free, the tiering's high-water
 * mark), the disk tier (LogStore.diskStats(): durability, WAL size and segment files, spill, read,
 * write and fsync counters, the start-up recovery), bytes and batches each topic and partition
 * holds in memory and only on disk, compaction's counters, and what retention, purge-on-fetch and
 * spill have done.
 */
import type { Hono } from "hono";
import type { ConsoleContext } from "../context.ts";
import { poolFigures } from "../pool.ts";

export function registerMemory(app: Hono, ctx: ConsoleContext): void {
  const { broker } = ctx;
  app.get("/api/memory", (c) => {
    const store = broker.store;
    const topics = [...store.topics()].sort((a, b) => a.name.localeCompare(b.name));
    const totals = broker.metrics.totals();
    const disk = store.diskStats();
    return c.json({
      pool: poolFigures(store),
      disk,
      topics: topics.map((t) => {
        const partitions = t.partitions.map((log) => ({
          index: log.partition,
          bytes: log.sizeBytes,
          batches: log.batchCount,
          memoryBytes: log.memorySizeBytes,
          spilledBatches: log.spilledBatchCount,
          spilledBytes: log.spilledSizeBytes,
          logStartOffset: log.logStartOffset,
          nextOffset: log.nextOffset,
        }));
        const sum = (pick: (p: (typeof partitions)[number]) => number) =>
          partitions.reduce((n, p) => n + pick(p), 0);
        return {
          name: t.name,
          bytes: sum((p) => p.bytes),
          memoryBytes: sum((p) => p.memoryBytes),
          spilledBatches: sum((p) => p.spilledBatches),
          spilledBytes: sum((p) => p.spilledBytes),
          partitions,
        };
      }),
      compaction: { ...broker.compactor.stats },
      activity: {
        retentionFreedBytes: totals.retentionFreedBytes,
        purgedBytes: totals.purgedBytes,
        retentionMs: broker.settings.retentionMs,
        purgeOnFetch: broker.settings.purgeOnFetch,
        spilling: disk.spilling,
        spillStepsTotal: disk.spillStepsTotal,
        spilledBatchesTotal: disk.spilledBatchesTotal,
        spilledBytesTotal: disk.spilledBytesTotal,
        lastSpillAtMs: disk.lastSpillAtMs,
        // Recovery runs while the store is built, just before the broker starts its clock.
        recoveredAtMs: disk.recovery ? broker.metrics.startedAtMs : null,
      },
    });
  });
}
