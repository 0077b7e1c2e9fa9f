/**
 * Command-line flags of `deno task bench`, turned into the sizes of each workload.
 *
 * Defaults mirror the team yardstick (/work/shared/perf, kbench): 1,000,000 x 100 B and
 * 200,000 x 1 KiB produced, 5,000 single-message round trips, end-to-end at 1,000 msg/s.
 * `--quick` shrinks everything to a run of about five seconds (the full run takes about ten).
 * `--tiers` runs the disk-tier suite instead (tiers.ts), sized by `TierSizes`.
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
  /** Run the disk-tier suite (tiers.ts) instead of the workloads above. */
  tiers: boolean;
  /** Sizes of the disk-tier suite (used only with `tiers`). */
  tierSizes: TierSizes;
}

/** Sizes of `--tiers`: every value is 1 KiB, so a message count is also a KiB count. */
export interface TierSizes {
  /** Messages in each produce workload (memory, spilling, async, sync) and its fetch. */
  messages: number;
  /** MAX_MEMORY of the spilling broker; `messages` KiB is several times it. */
  spillMaxMemoryBytes: number;
  /** MAX_MEMORY of the other brokers: nothing spills below its high-water mark. */
  roomyMaxMemoryBytes: number;
  /** MAX_DISK of every broker, so a runaway run stops at a known disk use. */
  maxDiskBytes: number;
  /** Messages produced (durability async) before the broker is killed and restarted. */
  recoveryMessages: number;
  /** Starts of an empty broker measured; the median is reported. */
  emptyStarts: number;
  /** Messages produced unmeasured to a topic of their own before each measured produce. */
  warmupMessages: number;
  /** Times the whole suite runs, on fresh brokers each time; each row is the median run. */
  rounds: number;
}

export const USAGE = `Usage: deno task bench [flags]

Starts the broker as a separate process on free ports, drives it with @platformatic/kafka
and prints a table and figure lines.

  --messages N      messages in the 100 B workload (default 1000000); 1 KiB uses N/5
  --quick           a shorter run (200000 messages, 2000 round trips, 3 s end-to-end)
  --bootstrap H:P   measure an already running Kafka-wire broker instead of starting one
  --cpu-prof DIR    write a V8 CPU profile of the started broker(s) into DIR
  --tiers           the disk-tier suite instead, on brokers started with MAX_MEMORY,
                    DURABILITY and a temporary RECORD_STORAGE_PATH: 1 KiB produce into the
                    memory tier, while spilling (MAX_MEMORY=64MiB), with durability async and
                    sync (acks=-1); fetch from memory and from the WAL; restart after 1 GiB
                    produced with durability async and kill -9 (page cache warm, then cold),
                    beside an empty broker's start. 512 MiB per produce run, 3 rounds (each
                    row the median); with --quick 192 MiB, restart after 256 MiB, 1 round.
                    Wants 3 GiB of free disk (checked first); one broker directory (at most
                    ~1.1 GiB) exists at a time, all removed
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
const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TIER_BASE = {
  spillMaxMemoryBytes: 64 * MiB,
  roomyMaxMemoryBytes: 2 * GiB,
  maxDiskBytes: 2 * GiB,
  emptyStarts: 5,
  warmupMessages: 16 * KiB,
};
export const TIERS_FULL: TierSizes = {
  ...TIER_BASE,
  messages: 512 * KiB, // 512 MiB of values, 8x the spilling broker's memory
  recoveryMessages: GiB / KiB,
  rounds: 3,
};
export const TIERS_QUICK: TierSizes = {
  ...TIER_BASE,
  messages: 192 * KiB, // 192 MiB, 3x the spilling broker's memory
  recoveryMessages: 256 * KiB,
  rounds: 1,
};

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
      tiers: { type: "boolean", default: false },
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
  if (values.tiers && bootstrap !== null) {
    throw new Error(
      "--tiers starts brokers with their own settings; it cannot go with --bootstrap",
    );
  }
  if (values.tiers && values.messages !== undefined) {
    throw new Error("--messages sizes the default suite; --tiers has its own sizes (see --quick)");
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
    tiers: values.tiers,
    tierSizes: values.quick ? TIERS_QUICK : TIERS_FULL,
  };
  assert.ok(options.messages1KiB >= options.partitions, "1 KiB workload needs a message each");
  return options;
}
