/** GET /version: the program's name and version and the effective settings (token hidden). */
import type { Hono } from "hono";
import { BLINK_NAME, BLINK_VERSION } from "../../broker/version.ts";
import { settingEntries } from "../api/settings.ts";
import type { ConsoleContext } from "../context.ts";

export function registerVersion(app: Hono, ctx: ConsoleContext): void {
  app.get("/version", (c) => {
    const entries = settingEntries(ctx.broker.settings, ctx.sources);
    return c.json({
      name: BLINK_NAME,
      version: BLINK_VERSION,
      settings: Object.fromEntries(entries.map((e) => [e.key, e.value])),
    });
  });
}
