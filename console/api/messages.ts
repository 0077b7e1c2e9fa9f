/**
 * The message browser and the produce form of a topic.
 *
 * GET /api/topics/:name/messages: partition (default 0); where to start, at most one of
 * `offset` (clamped to the partition's range), `newest` (the last N records) or `fromTime` (the
 * first record with a timestamp at or after it, in ms), else the log start; `limit` records
 * (default 50, or `newest`; at most 500); `format` text|json|hex for keys and values, each
 * record saying which format it got (bytes that are not UTF-8 are shown in hex, text that is
 * not JSON as text). `nextOffset` is where the next page starts.
 *
 * POST /api/topics/:name/messages: `{partition?, key?, value, headers?: [{key, value}]}`.
 */
import type { Hono } from "hono";
import { offsetForTime } from "../../broker/handlers/list_offsets.ts";
import type { Record as StoredRecord } from "../../broker/records/record_codec.ts";
import type { PartitionLog } from "../../storage/partition_log.ts";
import type { ConsoleContext } from "../context.ts";
import { badParam, notFound } from "../http/errors.ts";
import { jsonObjectBody } from "../http/input.ts";
import { choiceParam, intParam, optionalIntParam, textParam } from "../http/params.ts";
import { keyBytes, parseHeaders, produceRecord } from "../records/produce.ts";
import { readRecords } from "../records/read.ts";
import { BROWSER_FORMATS, type BrowserFormat, renderForBrowser } from "../records/render.ts";
import { topicOr404 } from "./topics.ts";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const utf8 = new TextEncoder();

interface Page {
  startOffset: number;
  limit: number;
}

/** Where the page starts and how many records it holds, from the query. */
function pageOf(q: Record<string, string>, log: PartitionLog): Page {
  const starts = ["offset", "newest", "fromTime"].filter((p) => q[p] !== undefined && q[p] !== "");
  if (starts.length > 1) {
    throw badParam(starts[1], `give only one of offset, newest and fromTime, not ${starts}`);
  }
  const offset = optionalIntParam("offset", q.offset, { min: 0 });
  const newest = optionalIntParam("newest", q.newest, { min: 1, max: MAX_LIMIT });
  const fromTimeMs = optionalIntParam("fromTime", q.fromTime, { min: 0 });
  const limit = intParam("limit", q.limit, { min: 1, max: MAX_LIMIT }, newest ?? DEFAULT_LIMIT);
  const start = log.logStartOffset;
  const end = log.nextOffset;
  if (offset !== undefined) return { startOffset: Math.min(Math.max(offset, start), end), limit };
  if (newest !== undefined) return { startOffset: Math.max(start, end - newest), limit };
  if (fromTimeMs !== undefined) {
    const found = offsetForTime(log, fromTimeMs).offset;
    return { startOffset: found < 0 ? end : Math.max(found, start), limit };
  }
  return { startOffset: start, limit };
}

function recordView(r: StoredRecord, format: BrowserFormat) {
  const key = renderForBrowser(r.key, format);
  const value = renderForBrowser(r.value, format);
  const headerFormat = format === "hex" ? "hex" : "text";
  let sizeBytes = (r.key?.length ?? 0) + (r.value?.length ?? 0);
  const headers = r.headers.map((h) => {
    sizeBytes += utf8.encode(h.key).length + (h.value?.length ?? 0);
    return { key: h.key, value: renderForBrowser(h.value, headerFormat).value };
  });
  return {
    offset: r.offset,
    timestampMs: r.timestampMs,
    key: key.value,
    value: value.value,
    keyFormat: key.format,
    valueFormat: value.format,
    headers,
    sizeBytes,
  };
}

export function registerMessages(app: Hono, ctx: ConsoleContext): void {
  app.get("/api/topics/:name/messages", (c) => {
    const topic = topicOr404(ctx, c.req.param("name"));
    const q = c.req.query();
    const partition = intParam("partition", q.partition, { min: 0 }, 0);
    const format = choiceParam("format", q.format, BROWSER_FORMATS, "text");
    const log = topic.partitions[partition];
    if (!log) throw notFound(`topic "${topic.name}" has no partition ${partition}`);
    const page = pageOf(q, log);
    const range = readRecords(log, page.startOffset, page.limit);
    return c.json({
      partition,
      logStartOffset: log.logStartOffset,
      nextOffset: range.nextOffset,
      highWatermark: log.nextOffset,
      records: range.records.map((r) => recordView(r, format)),
    });
  });

  app.post("/api/topics/:name/messages", async (c) => {
    const topic = topicOr404(ctx, c.req.param("name"));
    const body = await jsonObjectBody(c);
    const produced = await produceRecord(ctx, {
      topic: topic.name,
      partition: optionalIntParam("partition", body.partition, { min: 0 }),
      key: keyBytes(body.key),
      value: utf8.encode(textParam("value", body.value)),
      headers: parseHeaders("headers", body.headers),
    });
    return c.json({ partition: produced.partition, offset: produced.offset }, 201);
  });
}
