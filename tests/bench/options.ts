/**
 * Command-line flags of `deno task bench`, turned into the sizes of each workload.
 *
 * Defaults mirror the team yardstick (/work/shared/perf, kbench): 1,000,000 x 100 B and
 * 200,000 x 1 KiB produced, 5,000 single-message round trips, end-to-end at 1,000 msg/s.
 * `--quick` shrinks everything to a run of about five seconds (the full run takes about ten).
 */
import assert from "node:assert/strict";
import { parseArgs } from "node:util";

export interface BenchOptions {
  /** Messages produced (then consumed) in the 100-byte workload. */
  messages100B: number;
  /** Messages produced (then consumed) in the 1 KiB workload: a fifth of the 100 B count. */
  messages1KiB: number;
  /** Partitions of each throughput topic; messages go round-robin over them. */
  partitions: number;
  /** Messages per `send()` call in the throughput workloads (spread over all partitions). */
  batchMessages: number;
  /** `send()` calls awaiting their acknowledgement at once in the throughput workloads. */
  inFlightSends: number;
  /** Measured single-message produce round trips (after `roundTripWarmups`). */
  roundTrips: number;
  roundTripWarmups: number;
  /** End-to-end workload: fixed send rate, measured duration and unmeasured warm-up. */
  e2eRatePerSec: number;
  e2eSeconds: number;
  e2eWarmupSeconds: number;
  /** Measure a broker that is already running instead of starting one ("host:port"). */
  bootstrap: string | null;
  /** Directory for a V8 CPU profile of the started broker (`deno run --cpu-prof`). */
  cpuProfileDir: string | null;
}

export const USAGE = `Usage: deno task bench [flags]

Starts the broker as a separate process on free ports, drives it with @platformatic/kafka
and prints a table and figure lines.

  --messages N      messages in the 100 B workload (default 1000000); 1 KiB uses N/5
  --quick           a shorter run (200000 messages, 2000 round trips, 3 s end-to-end)
  --bootstrap H:P   measure an already running Kafka-wire broker instead of starting one
  --cpu-prof DIR    write a V8 CPU profile of the started broker into DIR
  --help            this text`;

const FULL = {
  messages100B: 1_000_000,
  roundTrips: 5_000,
  roundTripWarmups: 200,
  e2eSeconds: 5,
  e2eWarmupSeconds: 1,
};
const QUICK = {
  messages100B: 200_000,
  roundTrips: 2_000,
  roundTripWarmups: 100,
  e2eSeconds: 3,
  e2eWarmupSeconds: 0.5,
};
const PARTITIONS = 4;

function positiveInteger(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < PARTITIONS * 5) {
    throw new Error(`${flag} wants a whole number of at least ${PARTITIONS * 5}, got "${text}"`);
  }
  return n;
}

/** Parses the flags; returns null when the user asked for --help. Throws on a bad flag. */
export function parseBenchArgs(args: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      messages: { type: "string" },
      quick: { type: "boolean", default: false },
      bootstrap: { type: "string" },
      "cpu-prof": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return null;
  const base = values.quick ? QUICK : FULL;
  const messages100B = values.messages === undefined
    ? base.messages100B
    : positiveInteger(values.messages, "--messages");
  const bootstrap = values.bootstrap ?? null;
  if (bootstrap !== null && !/^[^\s:]+:\d{1,5}$/.test(bootstrap)) {
    throw new Error(`--bootstrap wants host:port, got "${bootstrap}"`);
  }
  if (bootstrap !== null && values["cpu-prof"] !== undefined) {
    throw new Error(
      "--cpu-prof profiles the broker the bench starts; it cannot go with --bootstrap",
    );
  }
  const options: BenchOptions = {
    messages100B,
    messages1KiB: Math.floor(messages100B / 5),
    partitions: PARTITIONS,
    batchMessages: 1_000,
    inFlightSends: 8,
    roundTrips: base.roundTrips,
    roundTripWarmups: base.roundTripWarmups,
    e2eRatePerSec: 1_000,
    e2eSeconds: base.e2eSeconds,
    e2eWarmupSeconds: base.e2eWarmupSeconds,
    bootstrap,
    cpuProfileDir: values["cpu-prof"] ?? null,
  };
  assert.ok(options.messages1KiB >= options.partitions, "1 KiB workload needs a message each");
  return options;
}
