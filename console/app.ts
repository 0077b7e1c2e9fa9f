/**
 * The console's Hono app: Blink's REST endpoints, the JSON admin API under /api/, the UI, and
 * the login form, behind the console_token check.
 *
 * Every handler's error becomes JSON `{"error": message}`: HttpErrors with their status, anything
 * else a 500 (logged), so no request can stop the broker. A path served with other methods
 * answers 405 with `Allow`; bodies are bounded where they are read (http/input.ts).
 */
import { Hono } from "hono";
import { methodNotAllowed } from "hono/method-not-allowed";
import { registerEvents } from "./api/events.ts";
import { registerGroups } from "./api/groups.ts";
import { registerMemory } from "./api/memory.ts";
import { registerMessages } from "./api/messages.ts";
import { registerOverview } from "./api/overview.ts";
import { registerSettings } from "./api/settings.ts";
import { registerTopics } from "./api/topics.ts";
import { registerUi, UI_DIST } from "./assets.ts";
import { ConsoleAuth, registerLogin, requireAuth } from "./auth.ts";
import type { ConsoleContext } from "./context.ts";
import { HttpError } from "./http/errors.ts";
import { registerFetch } from "./rest/fetch.ts";
import { registerMetrics } from "./rest/metrics.ts";
import { registerProduce } from "./rest/produce.ts";
import { registerStorage } from "./rest/storage.ts";
import { registerVersion } from "./rest/version.ts";

/** `uiDir`: the bundled UI to serve (tests point it elsewhere). */
export function createConsoleApp(ctx: ConsoleContext, uiDir: URL = UI_DIST): Hono {
  const app = new Hono();
  const auth = new ConsoleAuth(ctx.broker.settings.consoleToken);

  app.onError((err, c) => {
    if (err instanceof HttpError) return c.json({ error: err.message }, err.status, err.headers);
    const reason = err instanceof Error ? err.message : String(err);
    ctx.broker.log.warn("console request failed", {
      method: c.req.method,
      path: c.req.path,
      reason,
    });
    return c.json({ error: `internal error: ${reason}` }, 500);
  });
  app.notFound((c) => c.json({ error: `nothing at ${c.req.method} ${c.req.path}` }, 404));

  app.use(requireAuth(auth));
  app.use(methodNotAllowed({
    app,
    onMethodNotAllowed: (c, methods) =>
      c.json(
        { error: `${c.req.method} is not allowed on ${c.req.path}; use ${methods.join(", ")}` },
        405,
        { Allow: methods.join(", ") },
      ),
  }));

  registerLogin(app, auth);
  registerUi(app, uiDir);
  registerProduce(app, ctx);
  registerFetch(app, ctx);
  registerMetrics(app, ctx);
  registerVersion(app, ctx);
  registerStorage(app, ctx);
  registerOverview(app, ctx);
  registerTopics(app, ctx);
  registerMessages(app, ctx);
  registerGroups(app, ctx);
  registerMemory(app, ctx);
  registerSettings(app, ctx);
  registerEvents(app, ctx);
  return app;
}
