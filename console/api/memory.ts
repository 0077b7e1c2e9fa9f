/**
 * GET /api/memory: the segment pool (used, free, high-water mark), bytes held per topic and
 * partition, and what retention and purge-on-fetch have freed.
 */
import type { Hono } from "hono";
import type { ConsoleContext } from "../context.ts";
import { poolFigures } from "../pool.ts";

export function registerMemory(app: Hono, ctx: ConsoleContext): void {
  const { broker } = ctx;
  app.get("/api/memory", (c) => {
    const topics = [...broker.store.topics()].sort((a, b) => a.name.localeCompare(b.name));
    const totals = broker.metrics.totals();
    return c.json({
      pool: poolFigures(broker.store.pool),
      topics: topics.map((t) => ({
        name: t.name,
        bytes: t.partitions.reduce((sum, log) => sum + log.sizeBytes, 0),
        partitions: t.partitions.map((log) => ({
          index: log.partition,
          bytes: log.sizeBytes,
          batches: log.batchCount,
          logStartOffset: log.logStartOffset,
          nextOffset: log.nextOffset,
        })),
      })),
      activity: {
        retentionFreedBytes: totals.retentionFreedBytes,
        purgedBytes: totals.purgedBytes,
        retentionMs: broker.settings.retentionMs,
        purgeOnFetch: broker.settings.purgeOnFetch,
      },
    });
  });
}
