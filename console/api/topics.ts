/**
 * Topics: GET /api/topics (list), POST /api/topics (create with partitions and configs),
 * GET /api/topics/:name (configs with their source, partitions with offsets and sizes),
 * DELETE /api/topics/:name.
 */
import type { Hono } from "hono";
import { ErrorCode, KafkaError } from "../../broker/protocol/errors.ts";
import { TOPIC_CONFIGS } from "../../broker/topic_configs.ts";
import type { Topic } from "../../storage/log_store.ts";
import type { ConsoleContext } from "../context.ts";
import { badParam, conflict, HttpError, notFound } from "../http/errors.ts";
import { jsonObjectBody } from "../http/input.ts";
import { intParam, show, textParam } from "../http/params.ts";

/** The topic named by the path, or 404. */
export function topicOr404(ctx: ConsoleContext, name: string): Topic {
  const topic = ctx.broker.store.topic(name);
  if (!topic) throw notFound(`topic "${name}" does not exist`);
  return topic;
}

function configsParam(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw badParam("configs", `must be an object of config names to values, got ${show(raw)}`);
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== "string" && typeof value !== "number") {
      throw badParam("configs", `${name} must be text or a number, got ${show(value)}`);
    }
    out[name] = String(value);
  }
  return out;
}

/** CreateTopics' refusals as HTTP: the parameter at fault, or 409 when the name is taken. */
function createError(err: KafkaError): HttpError {
  switch (err.code) {
    case ErrorCode.TOPIC_ALREADY_EXISTS:
      return conflict(err.message);
    case ErrorCode.INVALID_TOPIC_EXCEPTION:
      return badParam("name", err.message);
    case ErrorCode.INVALID_PARTITIONS:
      return badParam("partitions", err.message);
    case ErrorCode.INVALID_CONFIG:
      return badParam("configs", err.message);
    default:
      return new HttpError(500, err.message);
  }
}

export function registerTopics(app: Hono, ctx: ConsoleContext): void {
  const { broker } = ctx;

  app.get("/api/topics", (c) => {
    const topics = [...broker.store.topics()].sort((a, b) => a.name.localeCompare(b.name));
    return c.json(topics.map((t) => {
      let messages = 0;
      let bytes = 0;
      for (const log of t.partitions) {
        messages += log.nextOffset - log.logStartOffset;
        bytes += log.sizeBytes;
      }
      return {
        name: t.name,
        id: t.id,
        partitions: t.partitions.length,
        messages,
        bytes,
        retentionMs: broker.store.retentionMsOf(t),
        cleanupPolicy: broker.topicConfig(t, "cleanup.policy"),
      };
    }));
  });

  app.post("/api/topics", async (c) => {
    const body = await jsonObjectBody(c);
    const name = textParam("name", body.name);
    const partitions = intParam(
      "partitions",
      body.partitions,
      { min: 1 },
      broker.settings.defaultPartitions,
    );
    const configs = configsParam(body.configs);
    let topic: Topic;
    try {
      topic = broker.createTopic(name, partitions, configs)!;
    } catch (err) {
      if (err instanceof KafkaError) throw createError(err);
      throw err;
    }
    return c.json({ name: topic.name, id: topic.id, partitions: topic.partitions.length }, 201);
  });

  app.get("/api/topics/:name", (c) => {
    const topic = topicOr404(ctx, c.req.param("name"));
    return c.json({
      name: topic.name,
      id: topic.id,
      configs: TOPIC_CONFIGS.map((spec) => ({
        name: spec.name,
        value: broker.topicConfig(topic, spec.name),
        source: topic.configs[spec.name] === undefined ? "default" : "topic",
        doc: spec.doc,
      })),
      partitions: topic.partitions.map((log) => ({
        index: log.partition,
        logStartOffset: log.logStartOffset,
        nextOffset: log.nextOffset,
        messages: log.nextOffset - log.logStartOffset,
        sizeBytes: log.sizeBytes,
        batchCount: log.batchCount,
      })),
    });
  });

  app.delete("/api/topics/:name", (c) => {
    const name = c.req.param("name");
    if (!broker.deleteTopic(name)) throw notFound(`topic "${name}" does not exist`);
    return c.body(null, 204);
  });
}
