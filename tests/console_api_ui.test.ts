/**
 * Serving the console UI: GET / gives the bundled index.html and GET /assets/<file> the other
 * bundled files with their content types; nothing outside the bundle is reachable; without a
 * bundle GET / says how to build it (503).
 */
import assert from "node:assert/strict";
import { withBroker } from "./helpers/broker.ts";
import { createConsoleApp } from "../console/app.ts";
import type { ConsoleContext } from "../console/context.ts";
import { LiveFeed } from "../console/metrics/live.ts";
import { RoundRobin } from "../console/partitioner.ts";
import type { Broker } from "../broker/broker.ts";

function contextFor(broker: Broker): ConsoleContext {
  return {
    broker,
    sources: {},
    live: new LiveFeed(broker),
    roundRobin: new RoundRobin(),
    restPort: 0,
    closing: new AbortController().signal,
  };
}

async function withUiDir(fn: (dir: URL) => Promise<void>) {
  const path = await Deno.makeTempDir();
  try {
    await fn(new URL(`file://${path}/`));
  } finally {
    await Deno.remove(path, { recursive: true });
  }
}

Deno.test("GET / and GET /assets/* serve the bundled UI files", () =>
  withBroker({}, (b) =>
    withUiDir(async (dir) => {
      const html = '<!doctype html><script type="module" src="/assets/app.js"></script>';
      await Deno.writeTextFile(new URL("index.html", dir), html);
      await Deno.writeTextFile(new URL("app.js", dir), "console.log(1);\n");
      await Deno.writeTextFile(new URL("app.css", dir), "body{}\n");
      await Deno.mkdir(new URL("fonts/", dir));
      await Deno.writeFile(new URL("fonts/a.woff2", dir), new Uint8Array([1, 2, 3]));
      await Deno.writeTextFile(new URL("../secret.txt", dir), "outside");
      const app = createConsoleApp(contextFor(b.broker), dir);

      const index = await app.request("/");
      assert.equal(index.status, 200);
      assert.equal(index.headers.get("content-type"), "text/html; charset=utf-8");
      assert.equal(await index.text(), html);
      const cases: [string, string, string][] = [
        ["/assets/app.js", "text/javascript; charset=utf-8", "console.log(1);\n"],
        ["/assets/app.css", "text/css; charset=utf-8", "body{}\n"],
        ["/assets/fonts/a.woff2", "font/woff2", "\x01\x02\x03"],
      ];
      for (const [path, type, body] of cases) {
        const r = await app.request(path);
        assert.equal(r.status, 200, path);
        assert.equal(r.headers.get("content-type"), type, path);
        assert.equal(await r.text(), body, path);
      }
      for (const path of ["/assets/missing.js", "/assets/%2e%2e/secret.txt", "/assets/.hidden"]) {
        const r = await app.request(path);
        assert.equal(r.status, 404, path);
        assert.equal(typeof (await r.json()).error, "string");
      }
      await Deno.remove(new URL("../secret.txt", dir));
    })));

Deno.test("without a built UI, GET / answers 503 saying how to build it", () =>
  withBroker({}, (b) =>
    withUiDir(async (dir) => {
      const app = createConsoleApp(contextFor(b.broker), dir);
      const r = await app.request("/");
      assert.equal(r.status, 503);
      assert.deepEqual(await r.json(), {
        error: "console assets not built: run deno task ui:build",
      });
      assert.equal((await app.request("/api/overview")).status, 200, "the API still serves");
    })));
