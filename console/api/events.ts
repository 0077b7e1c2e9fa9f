/**
 * Live figures: GET /api/events is a server-sent-event stream (one `history` event with the
 * last samples on connect, then a `figures` event per sample, every second); GET
 * /api/metrics/history returns the same history as JSON for polling clients.
 */
import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { LiveFigures } from "../metrics/live.ts";
import type { ConsoleContext } from "../context.ts";

/** Events a client may fall behind by before newer ones are dropped for it. */
const MAX_PENDING_EVENTS = 10;

export function registerEvents(app: Hono, ctx: ConsoleContext): void {
  app.get("/api/metrics/history", (c) => c.json(ctx.live.history()));

  app.get("/api/events", (c) =>
    streamSSE(c, async (stream) => {
      // Samples queue in order behind a slow write; past a few, a stalled client misses some.
      let writing = Promise.resolve();
      let pending = 0;
      const send = (event: string, data: unknown) => {
        if (pending >= MAX_PENDING_EVENTS) return;
        pending++;
        writing = writing
          .then(() => stream.writeSSE({ event, data: JSON.stringify(data) }))
          .finally(() => pending--);
      };
      send("history", ctx.live.history());
      const unsubscribe = ctx.live.subscribe((figures: LiveFigures) => send("figures", figures));
      let finish = () => {};
      const ended = new Promise<void>((resolve) => (finish = resolve));
      stream.onAbort(finish);
      ctx.closing.addEventListener("abort", finish);
      if (ctx.closing.aborted) finish();
      try {
        await ended;
      } finally {
        ctx.closing.removeEventListener("abort", finish);
        unsubscribe();
        await writing;
      }
    }));
}
