/**
 * GET /fetch: records of one partition as JSON. topic (required), partition (default 0), offset
 * (default: the log start), max records (default 100, at most 1000), format text|json|base64.
 * An offset outside [logStartOffset, highWatermark] is refused, as Kafka's OFFSET_OUT_OF_RANGE.
 */
import type { Hono } from "hono";
import type { ConsoleContext } from "../context.ts";
import { badParam, notFound } from "../http/errors.ts";
import { choiceParam, intParam, textParam } from "../http/params.ts";
import { readRecords } from "../records/read.ts";
import { renderForRest, REST_FORMATS } from "../records/render.ts";

const DEFAULT_MAX_RECORDS = 100;
const MAX_RECORDS = 1000;

export function registerFetch(app: Hono, ctx: ConsoleContext): void {
  app.get("/fetch", (c) => {
    const q = c.req.query();
    const topicName = textParam("topic", q.topic);
    const partition = intParam("partition", q.partition, { min: 0 }, 0);
    const max = intParam("max", q.max, { min: 1, max: MAX_RECORDS }, DEFAULT_MAX_RECORDS);
    const format = choiceParam("format", q.format, REST_FORMATS, "text");
    const topic = ctx.broker.store.topic(topicName);
    if (!topic) throw notFound(`topic "${topicName}" does not exist`);
    const log = topic.partitions[partition];
    if (!log) throw notFound(`topic "${topicName}" has no partition ${partition}`);
    const offset = intParam("offset", q.offset, { min: 0 }, log.logStartOffset);
    if (offset < log.logStartOffset || offset > log.nextOffset) {
      throw badParam(
        "offset",
        `${offset} is out of range: partition ${partition} holds offsets ` +
          `${log.logStartOffset} to ${log.nextOffset} (the high watermark)`,
      );
    }
    const range = readRecords(log, offset, max);
    return c.json({
      topic: topicName,
      partition,
      logStartOffset: log.logStartOffset,
      highWatermark: log.nextOffset,
      nextOffset: range.nextOffset,
      records: range.records.map((r) => ({
        offset: r.offset,
        timestampMs: r.timestampMs,
        key: renderForRest(r.key, format),
        value: renderForRest(r.value, format),
        headers: r.headers.map((h) => ({ key: h.key, value: renderForRest(h.value, format) })),
      })),
    });
  });
}
