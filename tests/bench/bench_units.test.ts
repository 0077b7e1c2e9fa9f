/** Unit tests of the benchmark's pure parts: flags, percentiles, value stamps, report format. */
import assert from "node:assert/strict";
import { parseBenchArgs } from "./options.ts";
import { percentileOfSorted, summarize } from "./stats.ts";
import { readStamp, STAMP_BYTES, stampedValue, valuePool } from "./payloads.ts";
import { formatFigures, formatTable, latencyReport, throughputReport } from "./report.ts";

Deno.test("options: defaults mirror the yardstick sizes", () => {
  const o = parseBenchArgs([]);
  assert.ok(o);
  assert.equal(o.messages100B, 1_000_000);
  assert.equal(o.messages1KiB, 200_000);
  assert.equal(o.roundTrips, 5_000);
  assert.equal(o.e2eRatePerSec, 1_000);
  assert.equal(o.e2eSeconds, 5);
  assert.equal(o.bootstrap, null);
  assert.equal(o.cpuProfileDir, null);
});

Deno.test("options: --quick shrinks, --messages overrides and sets the 1 KiB count", () => {
  const quick = parseBenchArgs(["--quick"]);
  assert.equal(quick?.messages100B, 200_000);
  assert.equal(quick?.e2eSeconds, 3);
  const custom = parseBenchArgs(["--quick", "--messages", "5000"]);
  assert.equal(custom?.messages100B, 5_000);
  assert.equal(custom?.messages1KiB, 1_000);
  assert.equal(parseBenchArgs(["--bootstrap", "127.0.0.1:9092"])?.bootstrap, "127.0.0.1:9092");
  assert.equal(parseBenchArgs(["--help"]), null);
});

Deno.test("options: bad flags are refused with the reason", () => {
  assert.throws(() => parseBenchArgs(["--messages", "12.5"]), /--messages wants a whole number/);
  assert.throws(() => parseBenchArgs(["--messages", "3"]), /at least 20/);
  assert.throws(() => parseBenchArgs(["--bootstrap", "nohost"]), /host:port/);
  assert.throws(
    () => parseBenchArgs(["--bootstrap", "h:1", "--cpu-prof", "/tmp/p"]),
    /cannot go with --bootstrap/,
  );
  assert.throws(() => parseBenchArgs(["--nope"]));
});

Deno.test("stats: nearest-rank percentiles like the yardstick's pct_sorted", () => {
  const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentileOfSorted(sorted, 50), 50);
  assert.equal(percentileOfSorted(sorted, 99), 99);
  assert.equal(percentileOfSorted(sorted, 99.9), 100);
  assert.equal(percentileOfSorted(sorted, 100), 100);
  assert.equal(percentileOfSorted(Float64Array.of(7), 50), 7);
  assert.throws(() => percentileOfSorted(new Float64Array(0), 50));
});

Deno.test("stats: summarize sorts numerically and averages", () => {
  const s = summarize([30, 10, 1000, 20]);
  assert.deepEqual(s, {
    samples: 4,
    p50Us: 20,
    p99Us: 1000,
    p999Us: 1000,
    maxUs: 1000,
    meanUs: 265,
  });
});

Deno.test("payloads: a stamp round-trips and pool values differ", () => {
  const value = stampedValue(100, -3, 1234.5678);
  assert.equal(value.length, 100);
  assert.deepEqual(readStamp(value), { sequence: -3, sentAtMs: 1234.5678 });
  assert.throws(() => stampedValue(STAMP_BYTES - 1, 0, 0));
  const pool = valuePool(100);
  assert.equal(pool.length, 64);
  assert.equal(pool[0].length, 100);
  assert.notDeepEqual(pool[0], pool[1]);
});

Deno.test("report: figures carry exact values, the table one row per workload", () => {
  const cpu = { wallMs: 1000, brokerMs: 250, clientMs: null };
  const produce = throughputReport(
    "produce_100B",
    "produce 100 B",
    { messages: 2_000, bytes: 200_000, elapsedMs: 500 },
    cpu,
  );
  const rtt = latencyReport("rtt_100B", "round trip", summarize([50, 150]), cpu);
  assert.equal(produce.msgsPerSec, 4_000);
  assert.equal(produce.mbPerSec, 0.4);
  const figures = formatFigures([produce, rtt]).split("\n");
  assert.equal(figures[0], "figure=produce_100B_msgs_per_s value=4000 unit=msg/s");
  assert.equal(figures[1], "figure=produce_100B_MB_per_s value=0.4 unit=MB/s");
  assert.ok(figures.includes("figure=produce_100B_broker_cpu_ms value=250 unit=ms"));
  assert.ok(figures.includes("figure=rtt_100B_p50_us value=50 unit=us"));
  assert.ok(!figures.some((f) => f.includes("client_cpu")), "unknown CPU is left out");
  const table = formatTable([produce, rtt]).split("\n");
  assert.equal(table.length, 4);
  assert.match(
    table[2],
    /^\| produce 100 B \| +2,000 \| +4,000 \| +0\.4 \| +- \| +- \| +25% \| +- \|$/,
  );
  assert.match(
    table[3],
    /^\| round trip +\| +2 \| +- \| +- \| +50\.0 \| +150\.0 \| +25% \| +- \|$/,
  );
});
