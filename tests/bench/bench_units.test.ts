/** Unit tests of the benchmark's pure parts: flags, percentiles, value stamps, report format. */
import assert from "node:assert/strict";
import { parseBenchArgs, TIERS_FULL, TIERS_QUICK } from "./options.ts";
import { percentileOfSorted, summarize } from "./stats.ts";
import { readStamp, STAMP_BYTES, stampedValue, valuePool } from "./payloads.ts";
import {
  formatFigures,
  formatStartupTable,
  formatTable,
  latencyReport,
  medianStartup,
  medianWorkload,
  startupReport,
  type StartupRun,
  throughputReport,
} from "./report.ts";
import { medianStart, parseRecoveredLine } from "./tiers.ts";

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

Deno.test("options: --tiers picks the disk-tier suite and its sizes", () => {
  const full = parseBenchArgs(["--tiers"]);
  assert.equal(full?.tiers, true);
  assert.deepEqual(full?.tierSizes, TIERS_FULL);
  assert.equal(TIERS_FULL.recoveryMessages * 1024, 1024 ** 3, "1 GiB of 1 KiB values");
  assert.ok(TIERS_FULL.messages * 1024 >= 4 * TIERS_FULL.spillMaxMemoryBytes, "several times");
  const quick = parseBenchArgs(["--tiers", "--quick"]);
  assert.deepEqual(quick?.tierSizes, TIERS_QUICK);
  assert.equal(TIERS_QUICK.recoveryMessages * 1024, 256 * 1024 ** 2);
  assert.equal(parseBenchArgs([])?.tiers, false);
  assert.throws(() => parseBenchArgs(["--tiers", "--bootstrap", "h:1"]), /--bootstrap/);
  assert.throws(() => parseBenchArgs(["--tiers", "--messages", "5000"]), /own sizes/);
});

Deno.test("tiers: the broker's recovery line is read, other lines are not", () => {
  const line = "2026-11-22T23:25:29.362Z INFO storage recovered durationMs=151 topics=1 " +
    "batches=1052 walBytes=271100140";
  assert.deepEqual(parseRecoveredLine(line), {
    durationMs: 151,
    topics: 1,
    batches: 1052,
    walBytes: 271100140,
  });
  const truncated = "2026-11-22T23:25:29.362Z WARN storage recovered durationMs=9 topics=0 " +
    "batches=0 walBytes=0 truncatedSegment=3 truncatedAtBytes=10 droppedBytes=5 reason=torn";
  assert.equal(parseRecoveredLine(truncated)?.durationMs, 9);
  assert.equal(parseRecoveredLine("2026-11-22T23:25:29.369Z INFO blink started kafka=x"), null);
  assert.equal(parseRecoveredLine("x INFO storage recovered durationMs=1 topics=0"), null);
});

const start = (title: string, walBytes: number, startupMs: number, recoveredMs: number) => ({
  title,
  walBytes,
  startupMs,
  recoveredMs,
  brokerCpuMs: 100,
});

Deno.test("report: starts per GiB of WAL, beside an empty broker", () => {
  const empty: StartupRun = start("empty", 0, 100, 0);
  const gib: StartupRun = start("after 1 GiB", 1024 ** 3, 1600, 1200);
  const r = startupReport("tier_start_recovery", gib, empty);
  assert.equal(r.listenSecondsPerGiB, 1.6);
  assert.equal(r.recoveredSecondsPerGiB, 1.2);
  assert.equal(r.overEmptySecondsPerGiB, 1.5);
  const figures = formatFigures([r]).split("\n");
  assert.ok(figures.includes("figure=tier_start_recovery_listen_s_per_GiB value=1.6 unit=s/GiB"));
  assert.ok(figures.includes("figure=tier_start_recovery_recovered_ms value=1200 unit=ms"));
  const e = startupReport("tier_start_empty", empty, empty);
  assert.equal(e.listenSecondsPerGiB, null, "no WAL, no per-GiB figure");
  assert.ok(!formatFigures([e]).includes("per_GiB"));
  const table = formatStartupTable([e, r]).split("\n");
  assert.equal(table.length, 4);
  assert.match(table[2], /^\| empty +\| +0\.0 \| +100 \| +0 \| +100 \| +- \| +- \| +- \|$/);
  assert.match(
    table[3],
    /^\| after 1 GiB \| +1,024\.0 \| +1,600 \| +1,200 \| +100 \| +1\.60 \| +1\.20 \| +1\.50 \|$/,
  );
});

Deno.test("report: rounds reduce to the median run, with the range in figures", () => {
  const cpu = { wallMs: 1000, brokerMs: null, clientMs: null };
  const run = (elapsedMs: number) =>
    throughputReport("p", "produce", { messages: 1000, bytes: 1000, elapsedMs }, cpu);
  const m = medianWorkload("p", [run(500), run(250), run(1000)]);
  assert.equal(m.msgsPerSec, 2000);
  const figures = formatFigures([m]);
  assert.match(figures, /^figure=p_msgs_per_s_min value=1000 unit=msg\/s$/m);
  assert.match(figures, /^figure=p_msgs_per_s_max value=4000 unit=msg\/s$/m);
  assert.match(figures, /^figure=p_runs value=3 unit=count$/m);
  assert.equal(medianWorkload("p", [run(500)]).figures.length, run(500).figures.length);

  const empty = start("empty", 0, 100, 0);
  const starts = [300, 100, 200].map((ms) =>
    startupReport("s", start("r", 1024 ** 3, ms, ms / 2), empty)
  );
  const s = medianStartup(starts);
  assert.equal(s.run.startupMs, 200);
  assert.match(formatFigures([s]), /^figure=s_listen_ms_max value=300 unit=ms$/m);
  assert.match(formatFigures([s]), /^figure=s_recovered_ms_min value=50 unit=ms$/m);
  assert.equal(medianStart([empty, start("b", 0, 50, 0), start("c", 0, 70, 0)]).startupMs, 70);
});
