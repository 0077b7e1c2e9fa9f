/**
 * `deno task bench --tiers`: the disk tier against the memory tier, in one run.
 *
 * Every broker is its own process (broker_process.ts) with its settings in environment variables
 * and its own temporary RECORD_STORAGE_PATH, removed when it stops. The client is the one the
 * default suite uses (@platformatic/kafka on loopback), every value is 1 KiB, and each topic has
 * the default suite's 4 partitions, 1,000-message sends and 8 sends in flight. Each measured
 * produce follows an unmeasured warm-up (16 MiB to a topic of its own) on the same broker. In order:
 *
 *   1. memory tier: MAX_MEMORY 2 GiB (nothing spills; checked), durability memory. Produce, then
 *      fetch everything back from offset 0 (no group), as consume_throughput.ts does. Then the
 *      same produce on a broker started with PREFAULT_MEMORY=true (once its pool is committed).
 *   2. spilling: MAX_MEMORY 64 MiB, durability memory, producing several times that: the oldest
 *      batches spill to the WAL while the produce runs. Then the same fetch, whose older batches
 *      are on disk only (how many is read from the broker's GET /dump first).
 *   3. durability async (acks=1) and 4. durability sync (acks=-1): produce only.
 *   5. an empty broker (durability async, LOG_LEVEL=info) started a few times: spawn to
 *      accepting connections, and the broker's own `storage recovered durationMs=`.
 *   6. recovery: durability async, ~1 GiB produced (256 MiB with --quick), a second's wait (the
 *      WAL is fsynced every wal_sync_interval), SIGKILL, and a restart on the same directory
 *      timed as in 5. That broker is killed too, the directory's files are dropped from the page
 *      cache (fsync, then `dd iflag=nocache`: these files only) and a third start is timed the
 *      same way. It is then fetched from (every batch is on disk only): once as the recovery scan
 *      left the page cache, once more after dropping the files from it again.
 *
 * The whole sequence runs `rounds` times (3; 1 with --quick) on fresh brokers, and each row of
 * the tables is the round of median msg/s (or median start time), its figure lines joined by the
 * lowest and highest value of all rounds. Every wait is bounded (deadline.ts); MAX_DISK bounds
 * each broker's WAL, and only one broker directory exists at a time (the largest holds the
 * recovery WAL, ~1.1 GiB).
 */
import assert from "node:assert/strict";
import { ProduceAcks } from "@platformatic/kafka";
import type { BenchOptions, TierSizes } from "./options.ts";
import {
  type BrokerProcess,
  type BrokerProcessOptions,
  startBrokerProcess,
  whileAlive,
} from "./broker_process.ts";
import {
  type CreatedTopic,
  createTopic,
  describeTopic,
  newConsumer,
  newProducer,
} from "./client.ts";
import { delay, within } from "./deadline.ts";
import { describeEnvironment } from "./environment.ts";
import { type CpuUse, processCpuMs, withCpuUse } from "./process_cpu.ts";
import { produceThroughput, type ProduceThroughputRun } from "./produce_throughput.ts";
import { consumeThroughput } from "./consume_throughput.ts";
import {
  type Figure,
  formatFigures,
  formatStartupTable,
  formatTable,
  medianStartup,
  medianWorkload,
  type StartupReport,
  startupReport,
  type StartupRun,
  throughputReport,
  type WorkloadReport,
} from "./report.ts";

const VALUE_BYTES = 1024;
const MiB = 1024 * 1024;
/** Bounds per workload: a broker that stalls fails the run instead of hanging it. */
const THROUGHPUT_LIMIT_MS = 180_000;
const RECOVERY_PRODUCE_LIMIT_MS = 300_000;
const RECOVERY_START_LIMIT_MS = 180_000;
const EMPTY_START_LIMIT_MS = 20_000;
/** PREFAULT_MEMORY commits 2 GiB in about 2.5 s here. */
const PREFAULT_LIMIT_MS = 60_000;
const LOG_LINE_LIMIT_MS = 5_000;
const HTTP_LIMIT_MS = 10_000;
/** fsync and drop ~1.1 GiB of WAL from the page cache. */
const DROP_CACHE_LIMIT_MS = 60_000;
/** Connection attempts while a timed broker starts: the resolution of spawn -> listening. */
const STARTUP_POLL_MS = 5;
/** durability async writes and fsyncs every wal_sync_interval (100 ms); the kill waits this. */
const SETTLE_BEFORE_KILL_MS = 1_000;
/** Free disk wanted before the suite starts: about twice its largest directory, and then some. */
const MIN_FREE_DISK_BYTES = 3 * 1024 * MiB;

type Durability = "memory" | "async" | "sync";

/** The figures of the broker's `storage recovered` log line. */
export interface RecoveredLine {
  durationMs: number;
  topics: number;
  batches: number;
  walBytes: number;
}

/** Reads a `storage recovered durationMs=... walBytes=...` line; null for any other line. */
export function parseRecoveredLine(line: string): RecoveredLine | null {
  if (!/ storage recovered( |$)/.test(line)) return null;
  const field = (name: string) => {
    const match = line.match(new RegExp(` ${name}=(\\d+)(?: |$)`));
    return match === null ? NaN : Number(match[1]);
  };
  const r: RecoveredLine = {
    durationMs: field("durationMs"),
    topics: field("topics"),
    batches: field("batches"),
    walBytes: field("walBytes"),
  };
  return Object.values(r).every(Number.isFinite) ? r : null;
}

/** The median of the runs by spawn -> listening time (the upper one of an even count). */
export function medianStart(runs: StartupRun[]): StartupRun {
  assert.ok(runs.length > 0, "no starts to take the median of");
  const sorted = [...runs].sort((a, b) => a.startupMs - b.startupMs);
  return sorted[Math.floor(sorted.length / 2)];
}

function tierEnv(
  durability: Durability,
  maxMemoryBytes: number,
  sizes: TierSizes,
  logLevel: "warn" | "info" = "warn",
): Record<string, string> {
  return {
    DURABILITY: durability,
    MAX_MEMORY: String(maxMemoryBytes),
    // The tiers are compared without a committed pool; the prefault row turns it on.
    PREFAULT_MEMORY: "false",
    MAX_DISK: String(sizes.maxDiskBytes),
    LOG_LEVEL: logLevel,
  };
}

/** Bytes of every file under `path`. */
async function dirBytes(path: string): Promise<number> {
  let total = 0;
  for await (const entry of Deno.readDir(path)) {
    const child = `${path}/${entry.name}`;
    if (entry.isDirectory) total += await dirBytes(child);
    else if (entry.isFile) total += (await Deno.stat(child)).size;
  }
  return total;
}

/** Paths of the files under `path`, recursively. */
async function filesUnder(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(path)) {
    const child = `${path}/${entry.name}`;
    if (entry.isDirectory) out.push(...await filesUnder(child));
    else if (entry.isFile) out.push(child);
  }
  return out;
}

/** Runs a command to its end; false when it failed or is not installed. */
async function run(cmd: string, args: string[]): Promise<{ ok: boolean; stdout: string }> {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "null" }).output();
    return { ok: out.success, stdout: new TextDecoder().decode(out.stdout) };
  } catch {
    return { ok: false, stdout: "" };
  }
}

/**
 * Drops the files under `dir` from the page cache, so that the next read of them comes from the
 * disk: each is fsynced (`sync FILE`: dirty pages cannot be dropped), then `dd iflag=nocache
 * count=0` asks the kernel to drop its pages (posix_fadvise DONTNEED, these files only). Returns
 * the bytes of them still cached (`fincore`), or null when a tool is missing or failed.
 */
async function dropFromPageCache(dir: string): Promise<number | null> {
  const files = await filesUnder(dir);
  if (files.length === 0) return 0;
  if (!(await run("sync", files)).ok) return null;
  for (const file of files) {
    if (!(await run("dd", [`if=${file}`, "iflag=nocache", "count=0", "status=none"])).ok) {
      return null;
    }
  }
  const resident = await run("fincore", ["--bytes", "--noheadings", "--output", "RES", ...files]);
  if (!resident.ok) return null;
  return resident.stdout.trim().split(/\s+/).reduce((sum, n) => sum + Number(n), 0);
}

/** Free bytes on the file system holding `path` (`df`), or null when df cannot say. */
async function freeDiskBytes(path: string): Promise<number | null> {
  try {
    const out = await new Deno.Command("df", {
      args: ["-B1", "--output=avail", path],
      stderr: "null",
    }).output();
    if (!out.success) return null;
    const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
    const n = Number(lines[lines.length - 1].trim());
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

/** Bytes of a topic (null: of every topic) held, and held only on disk, from GET /dump. */
async function topicTier(
  broker: BrokerProcess,
  topic: string | null,
): Promise<{ heldBytes: number; spilledBytes: number }> {
  const dump = await within(
    fetch(`${broker.restUrl}/dump`).then((response) => {
      assert.ok(response.ok, `GET /dump answered ${response.status}`);
      return response.json();
    }),
    HTTP_LIMIT_MS,
    "GET /dump",
  );
  type Partition = { sizeBytes: number; spilledBytes?: number };
  const topics: { name: string; partitions: Partition[] }[] = dump.topics;
  const chosen = topics.filter((t) => topic === null || t.name === topic);
  assert.ok(chosen.length > 0, `GET /dump has no topic ${topic}`);
  let heldBytes = 0;
  let spilledBytes = 0;
  for (const p of chosen.flatMap((t) => t.partitions)) {
    heldBytes += p.sizeBytes;
    spilledBytes += p.spilledBytes ?? 0;
  }
  return { heldBytes, spilledBytes };
}

/** A counter from the broker's GET /metrics (summed over labels), or null if it has none. */
async function metric(broker: BrokerProcess, name: string): Promise<number | null> {
  const text = await within(
    fetch(`${broker.restUrl}/metrics`).then(async (response) => {
      const body = await response.text();
      return response.ok ? body : null;
    }),
    HTTP_LIMIT_MS,
    "GET /metrics",
  );
  if (text === null) return null;
  let total: number | null = null;
  for (const line of text.split("\n")) {
    const match = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})? (\S+)$/);
    if (match !== null && match[1] === name) total = (total ?? 0) + Number(match[2]);
  }
  return total;
}

/** Brokers and directories to remove if the run is interrupted or fails. */
class Cleanup {
  readonly brokers = new Set<BrokerProcess>();
  readonly dirs = new Set<string>();

  async tempDir(): Promise<string> {
    const dir = await Deno.makeTempDir({ prefix: "blink-bench-tiers-" });
    this.dirs.add(dir);
    return dir;
  }

  async removeDir(dir: string): Promise<void> {
    await Deno.remove(dir, { recursive: true }).catch((err) => {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    });
    this.dirs.delete(dir);
  }

  async stop(broker: BrokerProcess): Promise<void> {
    await broker.stop();
    this.brokers.delete(broker);
  }

  async all(): Promise<void> {
    for (const broker of [...this.brokers]) await this.stop(broker).catch(() => {});
    for (const dir of [...this.dirs]) await this.removeDir(dir).catch(() => {});
  }
}

interface Produced {
  topic: CreatedTopic;
  run: ProduceThroughputRun;
  cpu: CpuUse;
}

class TierSuite {
  /** Throughput rows, each with the label of its figures. */
  readonly reports: { label: string; report: WorkloadReport }[] = [];
  readonly starts: StartupReport[] = [];
  private readonly prefix = `blink-tiers-${Date.now().toString(36)}`;

  constructor(readonly o: BenchOptions, readonly cleanup: Cleanup) {}

  /** One round: every workload in order, each on brokers of its own. */
  async run(): Promise<void> {
    await this.memoryTier();
    await this.memoryTierPrefaulted();
    await this.spillingTier();
    await this.durableProduce("async");
    await this.durableProduce("sync");
    const empty = await this.emptyStarts();
    await this.recovery(empty);
  }

  get sizes(): TierSizes {
    return this.o.tierSizes;
  }

  private log(label: string, r: WorkloadReport): void {
    this.reports.push({ label, report: r });
    console.error(`# done: ${r.title}`);
  }

  private async start(opts: Omit<BrokerProcessOptions, "cpuProfileDir">): Promise<BrokerProcess> {
    const broker = await startBrokerProcess(this.o.cpuProfileDir, opts);
    this.cleanup.brokers.add(broker);
    return broker;
  }

  /** Runs `work` against a fresh broker, then stops it and removes its directory. */
  private async withBroker<T>(
    opts: Omit<BrokerProcessOptions, "cpuProfileDir">,
    work: (b: BrokerProcess) => Promise<T>,
  ): Promise<T> {
    const broker = await this.start(opts);
    try {
      return await whileAlive(broker, () => work(broker));
    } finally {
      await this.cleanup.stop(broker);
    }
  }

  private async produce(
    broker: BrokerProcess,
    label: string,
    messages: number,
    acks: number,
    limitMs: number,
  ): Promise<Produced> {
    const o = this.o;
    const spec = (messageCount: number) => ({
      messageCount,
      valueBytes: VALUE_BYTES,
      partitions: o.partitions,
      batchMessages: o.batchMessages,
      inFlightSends: o.inFlightSends,
    });
    const producer = newProducer(broker.bootstrap, o.inFlightSends, acks);
    try {
      if (this.sizes.warmupMessages > 0) {
        const warmup = `${this.prefix}-${label}-warmup`;
        const warmupTopic = await createTopic(broker.bootstrap, warmup, o.partitions);
        await within(
          produceThroughput(producer, warmupTopic, spec(this.sizes.warmupMessages)),
          limitMs,
          `warm-up produce (${label})`,
        );
      }
      const topic = await createTopic(broker.bootstrap, `${this.prefix}-${label}`, o.partitions);
      const { result, cpu } = await withCpuUse(broker.pid, () =>
        within(
          produceThroughput(producer, topic, spec(messages)),
          limitMs,
          `produce 1 KiB (${label})`,
        ));
      return { topic, run: result, cpu };
    } finally {
      await producer.close();
    }
  }

  private produceReport(label: string, title: string, p: Produced, extra: Figure[]): void {
    this.log(
      `tier_produce_1KiB_${label}`,
      throughputReport(
        `tier_produce_1KiB_${label}`,
        title,
        {
          messages: p.run.delivered,
          bytes: p.run.delivered * VALUE_BYTES,
          elapsedMs: p.run.elapsedMs,
        },
        p.cpu,
        [
          { name: `tier_produce_1KiB_${label}_delivered`, value: p.run.delivered, unit: "count" },
          ...extra,
        ],
      ),
    );
  }

  /** Fetches everything `p` produced from offset 0 and logs the row. */
  private async consume(
    broker: BrokerProcess,
    topic: CreatedTopic,
    perPartition: number[],
    label: string,
    title: string,
    extra: Figure[],
  ): Promise<void> {
    const consumer = newConsumer(broker.bootstrap);
    const walReadBefore = await metric(broker, "blink_wal_read_bytes_total");
    try {
      const { result, cpu } = await withCpuUse(broker.pid, () =>
        within(
          consumeThroughput(consumer, topic, perPartition, VALUE_BYTES),
          THROUGHPUT_LIMIT_MS,
          `consume 1 KiB (${label})`,
        ));
      const walReadAfter = await metric(broker, "blink_wal_read_bytes_total");
      const walRead: Figure[] = walReadBefore === null || walReadAfter === null ? [] : [{
        name: `tier_consume_1KiB_${label}_wal_read_bytes`,
        value: walReadAfter - walReadBefore,
        unit: "bytes",
      }];
      const name = `tier_consume_1KiB_${label}`;
      this.log(
        name,
        throughputReport(
          name,
          title,
          { messages: result.consumed, bytes: result.bytes, elapsedMs: result.elapsedMs },
          cpu,
          [
            { name: `${name}_consumed`, value: result.consumed, unit: "count" },
            { name: `${name}_first_msg_ms`, value: result.firstMessageMs, unit: "ms" },
            ...extra,
            ...walRead,
          ],
        ),
      );
    } finally {
      await consumer.close();
    }
  }

  /** 1. produce and fetch with everything in memory. */
  async memoryTier(): Promise<void> {
    const s = this.sizes;
    await this.withBroker({ env: tierEnv("memory", s.roomyMaxMemoryBytes, s) }, async (b) => {
      const p = await this.produce(
        b,
        "memory",
        s.messages,
        ProduceAcks.LEADER,
        THROUGHPUT_LIMIT_MS,
      );
      const tier = await topicTier(b, null);
      assert.equal(tier.spilledBytes, 0, "the memory-tier broker spilled: give it more MAX_MEMORY");
      this.produceReport("memory", "produce 1 KiB, memory tier (acks=1)", p, []);
      await this.consume(b, p.topic, p.run.perPartition, "memory", "consume 1 KiB, memory tier", [
        {
          name: "tier_consume_1KiB_memory_disk_only_bytes",
          value: tier.spilledBytes,
          unit: "bytes",
        },
      ]);
    });
  }

  /** 1b. the memory tier's produce with the pool committed first (prefault_memory). */
  async memoryTierPrefaulted(): Promise<void> {
    const s = this.sizes;
    const env = { ...tierEnv("memory", s.roomyMaxMemoryBytes, s, "info"), PREFAULT_MEMORY: "true" };
    await this.withBroker({ env, captureLog: true }, async (b) => {
      // startBrokerProcess has already waited for the commit; the broker's line says how long.
      const line = await b.logLine(/ memory pool committed /, PREFAULT_LIMIT_MS);
      const commitMs = / ms=(\d+)/.exec(line)?.[1] ?? "?";
      console.error(`# memory pool committed in ${commitMs} ms (the broker's log)`);
      const p = await this.produce(
        b,
        "prefault",
        s.messages,
        ProduceAcks.LEADER,
        THROUGHPUT_LIMIT_MS,
      );
      this.produceReport("memory_prefault", "produce 1 KiB, memory tier, prefault (acks=1)", p, []);
    });
  }

  /** 2. produce past a small MAX_MEMORY (spilling as it goes), then fetch from the WAL tier. */
  async spillingTier(): Promise<void> {
    const s = this.sizes;
    const memMiB = Math.round(s.spillMaxMemoryBytes / MiB);
    await this.withBroker({ env: tierEnv("memory", s.spillMaxMemoryBytes, s) }, async (b) => {
      const p = await this.produce(b, "spill", s.messages, ProduceAcks.LEADER, THROUGHPUT_LIMIT_MS);
      const diskBytes = await dirBytes(b.storageDir);
      this.produceReport("spilling", `produce 1 KiB while spilling (${memMiB} MiB memory)`, p, [
        { name: "tier_produce_1KiB_spilling_disk_bytes", value: diskBytes, unit: "bytes" },
      ]);
      const tier = await topicTier(b, p.topic.name);
      const share = tier.spilledBytes / tier.heldBytes;
      console.error(
        `# spilled topic: ${(tier.spilledBytes / MiB).toFixed(1)} of ` +
          `${(tier.heldBytes / MiB).toFixed(1)} MiB on disk only (${(share * 100).toFixed(1)}%)`,
      );
      assert.ok(tier.spilledBytes > 0, "the spilling broker spilled nothing");
      await this.consume(
        b,
        p.topic,
        p.run.perPartition,
        "spilled",
        "consume 1 KiB, spilled topic (WAL tier)",
        [
          {
            name: "tier_consume_1KiB_spilled_disk_only_bytes",
            value: tier.spilledBytes,
            unit: "bytes",
          },
          { name: "tier_consume_1KiB_spilled_held_bytes", value: tier.heldBytes, unit: "bytes" },
        ],
      );
    });
  }

  /** 3. and 4. produce with durability async (acks=1) and sync (acks=-1). */
  async durableProduce(durability: "async" | "sync"): Promise<void> {
    const s = this.sizes;
    const acks = durability === "sync" ? ProduceAcks.ALL : ProduceAcks.LEADER;
    await this.withBroker({ env: tierEnv(durability, s.roomyMaxMemoryBytes, s) }, async (b) => {
      const fsyncsBefore = await metric(b, "blink_wal_fsyncs_total");
      const p = await this.produce(b, durability, s.messages, acks, THROUGHPUT_LIMIT_MS);
      const fsyncsAfter = await metric(b, "blink_wal_fsyncs_total");
      const diskBytes = await dirBytes(b.storageDir);
      const fsyncs: Figure[] = fsyncsBefore === null || fsyncsAfter === null ? [] : [{
        name: `tier_produce_1KiB_${durability}_fsyncs`,
        value: fsyncsAfter - fsyncsBefore,
        unit: "count",
      }];
      const acksText = durability === "sync" ? "acks=-1" : "acks=1";
      this.produceReport(durability, `produce 1 KiB, durability ${durability} (${acksText})`, p, [
        { name: `tier_produce_1KiB_${durability}_disk_bytes`, value: diskBytes, unit: "bytes" },
        ...fsyncs,
      ]);
    });
  }

  /** A timed start on `dir` with LOG_LEVEL=info; the broker is left running for the caller. */
  private async timedStart(
    dir: string,
    title: string,
    limitMs: number,
  ): Promise<{ broker: BrokerProcess; run: StartupRun; recovered: RecoveredLine }> {
    const s = this.sizes;
    const broker = await this.start({
      env: tierEnv("async", s.roomyMaxMemoryBytes, s, "info"),
      storageDir: dir,
      captureLog: true,
      connectRetryMs: STARTUP_POLL_MS,
      startTimeoutMs: limitMs,
    });
    const brokerCpuMs = await processCpuMs(broker.pid);
    const line = await broker.logLine(/ storage recovered /, LOG_LINE_LIMIT_MS);
    const recovered = parseRecoveredLine(line);
    assert.ok(recovered, `cannot read the broker's recovery line: ${line}`);
    return {
      broker,
      recovered,
      run: {
        title,
        walBytes: recovered.walBytes,
        startupMs: broker.startupMs,
        recoveredMs: recovered.durationMs,
        brokerCpuMs,
      },
    };
  }

  /** 5. an empty broker's start, a few times: the baseline of 6. */
  async emptyStarts(): Promise<StartupRun> {
    const runs: StartupRun[] = [];
    for (let i = 0; i < this.sizes.emptyStarts; i++) {
      const dir = await this.cleanup.tempDir();
      const { broker, run } = await this.timedStart(dir, "empty broker", EMPTY_START_LIMIT_MS);
      await this.cleanup.stop(broker);
      await this.cleanup.removeDir(dir);
      runs.push(run);
      console.error(`# empty start ${i + 1}: ${run.startupMs.toFixed(1)} ms to listening`);
    }
    const median = medianStart(runs);
    const title = `empty broker (median of ${runs.length})`;
    const baseline = { ...median, title };
    this.starts.push(startupReport("tier_start_empty", baseline, baseline));
    return baseline;
  }

  /** 6. produce ~1 GiB with durability async, kill -9, restart on the same directory. */
  async recovery(empty: StartupRun): Promise<void> {
    const s = this.sizes;
    const dir = await this.cleanup.tempDir();
    const valueMiB = Math.round(s.recoveryMessages * VALUE_BYTES / MiB);
    const first = await this.start({
      env: tierEnv("async", s.roomyMaxMemoryBytes, s),
      storageDir: dir,
    });
    let produced: Produced;
    try {
      produced = await whileAlive(first, () =>
        this.produce(
          first,
          "recovery",
          s.recoveryMessages,
          ProduceAcks.LEADER,
          RECOVERY_PRODUCE_LIMIT_MS,
        ));
      await delay(SETTLE_BEFORE_KILL_MS);
      await first.kill();
    } finally {
      await this.cleanup.stop(first);
    }
    const diskBytes = await dirBytes(dir);
    this.produceReport(
      "async_before_kill",
      `produce 1 KiB, durability async, ${valueMiB} MiB before kill -9`,
      produced,
      [{ name: "tier_produce_1KiB_async_before_kill_disk_bytes", value: diskBytes, unit: "bytes" }],
    );

    // Second start: the WAL is still in the page cache from the produce.
    const warm = await this.timedStart(
      dir,
      `after ${valueMiB} MiB async, kill -9, page cache warm`,
      RECOVERY_START_LIMIT_MS,
    );
    try {
      const report = startupReport("tier_start_recovery_warm", warm.run, empty);
      report.figures.push(
        { name: "tier_start_recovery_warm_batches", value: warm.recovered.batches, unit: "count" },
        { name: "tier_start_recovery_warm_dir_bytes", value: diskBytes, unit: "bytes" },
      );
      this.starts.push(report);
      console.error(`# restart, page cache warm: ${warm.run.startupMs.toFixed(1)} ms to listening`);
      await warm.broker.kill();
    } finally {
      await this.cleanup.stop(warm.broker);
    }

    // Third start: the same directory, its files dropped from the page cache first.
    const cachedBytes = await within(
      dropFromPageCache(dir),
      DROP_CACHE_LIMIT_MS,
      "page cache drop",
    );
    if (cachedBytes === null) {
      console.error("# cannot drop the WAL from the page cache (sync, dd or fincore failed)");
    } else {
      console.error(`# dropped from the page cache; ${cachedBytes} bytes of it still cached`);
    }
    const cold = cachedBytes === null ? "page cache as left" : "page cache cold";
    const { broker, run, recovered } = await this.timedStart(
      dir,
      `after ${valueMiB} MiB async, kill -9, ${cold}`,
      RECOVERY_START_LIMIT_MS,
    );
    try {
      const report = startupReport("tier_start_recovery_cold", run, empty);
      report.figures.push(
        { name: "tier_start_recovery_cold_batches", value: recovered.batches, unit: "count" },
      );
      if (cachedBytes !== null) {
        report.figures.push(
          { name: "tier_start_recovery_cold_cached_bytes", value: cachedBytes, unit: "bytes" },
        );
      }
      this.starts.push(report);
      console.error(`# restart, ${cold}: ${run.startupMs.toFixed(1)} ms to listening`);
      await whileAlive(broker, async () => {
        const topic = await describeTopic(broker.bootstrap, produced.topic.name, this.o.partitions);
        assert.equal(topic.id, produced.topic.id, "the restarted broker kept the topic id");
        const tier = await topicTier(broker, topic.name);
        const onDisk: Figure[] = [
          {
            name: "tier_consume_1KiB_recovered_disk_only_bytes",
            value: tier.spilledBytes,
            unit: "bytes",
          },
        ];
        // The recovery scan read the whole WAL, so the page cache holds it again.
        await this.consume(
          broker,
          topic,
          produced.run.perPartition,
          "recovered",
          "consume 1 KiB after the restart (WAL only, cached)",
          onDisk,
        );
        const cachedAgain = await within(
          dropFromPageCache(dir),
          DROP_CACHE_LIMIT_MS,
          "page cache drop",
        );
        if (cachedAgain === null) return;
        await this.consume(
          broker,
          topic,
          produced.run.perPartition,
          "recovered_cold",
          "consume 1 KiB after the restart (WAL only, cold)",
          [{
            name: "tier_consume_1KiB_recovered_cold_cached_bytes",
            value: cachedAgain,
            unit: "bytes",
          }],
        );
      });
    } finally {
      await this.cleanup.stop(broker);
      await this.cleanup.removeDir(dir);
    }
  }
}

/** Runs the disk-tier suite and prints its tables and figure lines. */
export async function runTierSuite(o: BenchOptions): Promise<void> {
  const cleanup = new Cleanup();
  const onInterrupt = () => {
    console.error("# interrupted: stopping the brokers and removing their directories");
    cleanup.all().finally(() => Deno.exit(130));
  };
  Deno.addSignalListener("SIGINT", onInterrupt);
  try {
    const probe = await cleanup.tempDir();
    const free = await freeDiskBytes(probe);
    await cleanup.removeDir(probe);
    if (free !== null && free < MIN_FREE_DISK_BYTES) {
      throw new Error(
        `--tiers wants ${MIN_FREE_DISK_BYTES / MiB} MiB of free disk under ${probe}; ` +
          `${Math.floor(free / MiB)} MiB are free`,
      );
    }
    const s = o.tierSizes;
    console.log(
      `# blink bench --tiers: brokers as separate processes; ${
        s.messages.toLocaleString("en-US")
      }` +
        ` x 1 KiB per produce run, ${
          s.recoveryMessages.toLocaleString("en-US")
        } x 1 KiB before the restart`,
    );
    for (const line of await describeEnvironment()) console.log(`# ${line}`);
    const rounds: TierSuite[] = [];
    for (let round = 1; round <= s.rounds; round++) {
      console.error(`# round ${round} of ${s.rounds}`);
      const suite = new TierSuite(o, cleanup);
      await suite.run();
      rounds.push(suite);
    }
    const byLabel = new Map<string, WorkloadReport[]>();
    for (const { label, report } of rounds.flatMap((r) => r.reports)) {
      byLabel.set(label, [...(byLabel.get(label) ?? []), report]);
    }
    const reports = [...byLabel].map(([label, runs]) => medianWorkload(label, runs));
    const startsByLabel = new Map<string, StartupReport[]>();
    for (const start of rounds.flatMap((r) => r.starts)) {
      startsByLabel.set(start.label, [...(startsByLabel.get(start.label) ?? []), start]);
    }
    const starts = [...startsByLabel.values()].map(medianStartup);
    console.log();
    if (s.rounds > 1) {
      console.log(`Each row: the median of ${s.rounds} rounds, each on fresh brokers.`);
      console.log();
    }
    console.log(formatTable(reports));
    console.log();
    console.log(formatStartupTable(starts));
    console.log();
    console.log(formatFigures([...reports, ...starts]));
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
    await cleanup.all();
  }
}
