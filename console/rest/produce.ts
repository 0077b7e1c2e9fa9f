/**
 * POST /produce: one record from query-string, form or JSON fields: topic (required), partition
 * (absent: key hash or round-robin), key, value (required, may be ""), headers (JSON object or
 * array of [key, value]). Answers `{topic, partition, offset}`.
 */
import type { Hono } from "hono";
import type { ConsoleContext } from "../context.ts";
import { requestFields } from "../http/input.ts";
import { optionalIntParam, textParam } from "../http/params.ts";
import { keyBytes, parseHeaders, produceRecord } from "../records/produce.ts";

const utf8 = new TextEncoder();

export function registerProduce(app: Hono, ctx: ConsoleContext): void {
  app.post("/produce", async (c) => {
    const fields = await requestFields(c);
    const produced = await produceRecord(ctx, {
      topic: textParam("topic", fields.topic),
      partition: optionalIntParam("partition", fields.partition, { min: 0 }),
      key: keyBytes(fields.key),
      value: utf8.encode(textParam("value", fields.value)),
      headers: parseHeaders("headers", fields.headers),
    });
    return c.json(produced);
  });
}
