import assert from "node:assert/strict";
import { createLogger } from "../broker/settings/log.ts";

const AT = new Date("2026-11-22T21:00:00.000Z");

function capture(level: "debug" | "info" | "warn" | "error") {
  const lines: string[] = [];
  return { lines, log: createLogger(level, (line) => lines.push(line), () => AT) };
}

Deno.test("logger writes one formatted line per message", () => {
  const { lines, log } = capture("debug");
  log.info("broker started", { port: 9092, host: "localhost", ok: true, note: "two words" });
  log.error("bad\nthing", { error: new Error("boom"), list: [1, 2] });
  assert.deepEqual(lines, [
    '2026-11-22T21:00:00.000Z INFO broker started port=9092 host=localhost ok=true note="two words"',
    '2026-11-22T21:00:00.000Z ERROR bad\\nthing error="boom" list=[1,2]',
  ]);
});

Deno.test("logger drops messages below its level", () => {
  const { lines, log } = capture("warn");
  log.debug("a");
  log.info("b");
  log.warn("c");
  log.error("d");
  assert.deepEqual(lines.map((line) => line.split(" ").slice(1).join(" ")), ["WARN c", "ERROR d"]);
});

Deno.test("logger rejects an unknown level", () => {
  assert.throws(() => createLogger("loud" as "info"), /unknown log level "loud"/);
});
