/** GET /api/overview: the broker, its memory and totals of topics, partitions, groups, records. */
import type { Hono } from "hono";
import { NODE_ID } from "../../broker/broker.ts";
import { BLINK_NAME, BLINK_VERSION } from "../../broker/version.ts";
import type { ConsoleContext } from "../context.ts";
import { poolFigures } from "../pool.ts";

export function registerOverview(app: Hono, ctx: ConsoleContext): void {
  const { broker } = ctx;
  app.get("/api/overview", (c) => {
    let topics = 0;
    let partitions = 0;
    let messages = 0;
    let bytes = 0;
    for (const topic of broker.store.topics()) {
      topics++;
      for (const log of topic.partitions) {
        partitions++;
        messages += log.nextOffset - log.logStartOffset;
        bytes += log.sizeBytes;
      }
    }
    return c.json({
      broker: {
        name: BLINK_NAME,
        version: BLINK_VERSION,
        clusterId: broker.clusterId,
        nodeId: NODE_ID,
        uptimeMs: broker.now() - broker.metrics.startedAtMs,
        kafkaHost: broker.settings.kafkaHostname,
        kafkaPorts: broker.boundPorts,
        restPort: ctx.restPort,
        connections: broker.metrics.connections,
      },
      memory: poolFigures(broker.store),
      topics,
      partitions,
      groups: broker.groups.list().length,
      messages,
      bytes,
    });
  });
}
