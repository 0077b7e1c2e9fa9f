/**
 * Blink's storage endpoints: GET /dump (every topic's partitions with offsets, sizes and batch
 * counts, and the pool), GET /allocated (the pool's figures), POST /purge (run time and size
 * retention now; answers the bytes freed).
 */
import type { Hono } from "hono";
import type { ConsoleContext } from "../context.ts";
import { poolFigures } from "../pool.ts";

export function registerStorage(app: Hono, ctx: ConsoleContext): void {
  const { broker } = ctx;
  app.get("/dump", (c) => {
    const stats = broker.store.stats();
    return c.json({
      pool: poolFigures(broker.store),
      topics: stats.topics.map((t) => {
        const topic = broker.store.topic(t.name)!;
        return {
          name: t.name,
          id: topic.id,
          createdAtMs: topic.createdAtMs,
          configs: topic.configs,
          partitions: t.partitions,
        };
      }),
    });
  });
  app.get("/allocated", (c) => c.json(poolFigures(broker.store)));
  app.post("/purge", (c) => c.json({ freedBytes: broker.enforceRetention() }));
}
