import assert from "node:assert/strict";
import { FOREVER_MS, parseDuration, parseSize } from "../broker/settings/units.ts";

const KIB = 1024;

Deno.test("parseSize reads byte counts and 1024-based units in any case", () => {
  const table: [string | number, number][] = [
    [0, 0],
    [4096, 4096],
    ["4096", 4096],
    ["10B", 10],
    ["1KB", KIB],
    ["1KiB", KIB],
    ["1kb", KIB],
    ["2kib", 2 * KIB],
    ["512MB", 512 * KIB ** 2],
    ["1MiB", KIB ** 2],
    ["100MiB", 100 * KIB ** 2],
    ["1GB", KIB ** 3],
    ["1GiB", KIB ** 3],
    ["1gib", KIB ** 3],
    ["1.5KiB", 1536],
    [" 64 KiB ", 64 * KIB],
  ];
  for (const [text, bytes] of table) assert.equal(parseSize(text), bytes, `parseSize(${text})`);
});

Deno.test("parseSize rejects malformed sizes, naming the value", () => {
  const table: (string | number)[] = [
    "12XB",
    "",
    "GB",
    "-1GB",
    "1 G B",
    "1.5",
    ".5GB",
    "1TB",
    "constructor",
    -1,
    1.5,
    Number.NaN,
  ];
  for (const text of table) {
    assert.throws(
      () => parseSize(text),
      (error: Error) =>
        error.message.startsWith(typeof text === "string" ? JSON.stringify(text) : String(text)) &&
        error.message.includes("is not a size (use e.g. 512MB, 1GiB or a byte count)"),
      `parseSize(${JSON.stringify(text)})`,
    );
  }
  assert.throws(() => parseSize("99999999999GiB"), /is too large/);
});

Deno.test("parseDuration reads ms counts, units and forever", () => {
  const table: [string | number, number][] = [
    [0, 0],
    [250, 250],
    ["250", 250],
    ["250ms", 250],
    ["30s", 30_000],
    ["1.5s", 1500],
    ["5m", 300_000],
    ["1h", 3_600_000],
    ["7d", 604_800_000],
    [" 2 h ", 7_200_000],
    ["forever", FOREVER_MS],
    ["-1", FOREVER_MS],
    [-1, FOREVER_MS],
  ];
  for (const [text, ms] of table) assert.equal(parseDuration(text), ms, `parseDuration(${text})`);
});

Deno.test("parseDuration rejects malformed durations, naming the value", () => {
  const table: (string | number)[] = ["1H", "5 min", "1w", "", "-2", "soon", "1.5", -2, 0.5];
  for (const text of table) {
    assert.throws(
      () => parseDuration(text),
      (error: Error) =>
        error.message.startsWith(typeof text === "string" ? JSON.stringify(text) : String(text)) &&
        error.message.includes("is not a duration"),
      `parseDuration(${JSON.stringify(text)})`,
    );
  }
});
