/** GET /metrics and GET /prometheus: the Prometheus text exposition (format 0.0.4). */
import type { Hono } from "hono";
import type { ConsoleContext } from "../context.ts";
import { renderPrometheus } from "../metrics/prometheus.ts";

const PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

export function registerMetrics(app: Hono, ctx: ConsoleContext): void {
  for (const path of ["/metrics", "/prometheus"]) {
    app.get(
      path,
      (c) => c.body(renderPrometheus(ctx.broker), 200, { "Content-Type": PROMETHEUS_TEXT }),
    );
  }
}
