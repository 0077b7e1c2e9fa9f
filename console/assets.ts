/**
 * The console UI: `GET /` serves the bundled index.html and `GET /assets/<file>` the other files
 * of console/ui/dist/ (written by `deno task ui:build`; `deno compile --include` embeds them).
 * Files are read per request, so a rebuilt UI is served without a restart. When the UI is not
 * built, `GET /` answers 503 saying how to build it.
 */
import type { Hono } from "hono";
import { HttpError, notFound } from "./http/errors.ts";

/** Where `deno task ui:build` writes the bundled UI. */
export const UI_DIST = new URL("./ui/dist/", import.meta.url);
const NOT_BUILT = "console assets not built: run deno task ui:build";
/** Relative file names under dist: plain segments only, so nothing outside dist is reachable. */
const SAFE_PATH = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

const CONTENT_TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  map: "application/json",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  woff2: "font/woff2",
  txt: "text/plain; charset=utf-8",
};

async function readDistFile(dist: URL, path: string): Promise<Uint8Array | null> {
  try {
    return await Deno.readFile(new URL(path, dist));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

function contentType(path: string): string {
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? "application/octet-stream";
}

/** Serves the UI from `dist` (a directory URL ending in "/"). */
export function registerUi(app: Hono, dist: URL = UI_DIST): void {
  app.get("/", async (c) => {
    const index = await readDistFile(dist, "index.html");
    if (index === null) throw new HttpError(503, NOT_BUILT);
    return c.body(index as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": CONTENT_TYPES.html,
      "Cache-Control": "no-cache",
    });
  });
  app.get("/assets/*", async (c) => {
    const path = c.req.path.slice("/assets/".length);
    if (!SAFE_PATH.test(path)) throw notFound(`no asset ${JSON.stringify(path)}`);
    const bytes = await readDistFile(dist, path);
    if (bytes === null) throw notFound(`no asset ${JSON.stringify(path)}`);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": contentType(path),
      "Cache-Control": "no-cache",
    });
  });
}
