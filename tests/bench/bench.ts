/**
 * `deno task bench`: measures the broker with a real Kafka client (@platformatic/kafka).
 *
 * The broker runs as a separate process (`deno run -A main.ts` on free ports, see
 * broker_process.ts) so that it and the client each have their own JavaScript thread; both
 * still share this machine's cores. Workloads, in order:
 *
 *   1. produce throughput, 100 B and 1 KiB values (batched sends, acks=1, 4 partitions)
 *   2. consume throughput of exactly what was produced (group-less Fetch from offset 0)
 *   3. produce round trip, one 100 B message at a time (acks=1): p50/p99
 *   4. end-to-end latency at 1,000 msg/s (produce call -> consumer receives; long-poll Fetch)
 *
 * Prints a Markdown table and `figure=` lines with the exact values, then stops the broker.
 * `--tiers` runs the disk-tier suite instead (tiers.ts): memory tier against spill, WAL fetch,
 * durability async/sync and recovery, each on brokers started with their own settings.
 */
import { type BenchOptions, parseBenchArgs, USAGE } from "./options.ts";
import { type BrokerProcess, startBrokerProcess, whileAlive } from "./broker_process.ts";
import {
  type BenchConsumer,
  type BenchProducer,
  createTopic,
  newConsumer,
  newProducer,
} from "./client.ts";
import { within } from "./deadline.ts";
import { describeEnvironment } from "./environment.ts";
import { withCpuUse } from "./process_cpu.ts";
import { produceThroughput } from "./produce_throughput.ts";
import { consumeThroughput } from "./consume_throughput.ts";
import { produceRoundTrips } from "./round_trip.ts";
import { endToEnd } from "./end_to_end.ts";
import { summarize } from "./stats.ts";
import { runTierSuite } from "./tiers.ts";
import {
  formatFigures,
  formatTable,
  latencyReport,
  throughputReport,
  type WorkloadReport,
} from "./report.ts";

const SMALL_VALUE_BYTES = 100;
const LARGE_VALUE_BYTES = 1024;
/** Generous bounds per workload: a broker that stalls fails the run instead of hanging it. */
const THROUGHPUT_LIMIT_MS = 180_000;
const ROUND_TRIP_LIMIT_MS = 120_000;
const E2E_EXTRA_LIMIT_MS = 60_000;

interface Clients {
  bootstrap: string;
  brokerPid: number | null;
  producer: BenchProducer;
  consumer: BenchConsumer;
}

async function runWorkloads(c: Clients, o: BenchOptions): Promise<WorkloadReport[]> {
  const reports: WorkloadReport[] = [];
  const prefix = `blink-bench-${Date.now().toString(36)}`;
  const log = (r: WorkloadReport) => {
    reports.push(r);
    console.error(`# done: ${r.title}`);
  };

  const sizes = [
    { label: "100B", title: "100 B", valueBytes: SMALL_VALUE_BYTES, messages: o.messages100B },
    { label: "1KiB", title: "1 KiB", valueBytes: LARGE_VALUE_BYTES, messages: o.messages1KiB },
  ];
  const produced = [];
  for (const size of sizes) {
    const topic = await createTopic(c.bootstrap, `${prefix}-${size.label}`, o.partitions);
    const { result, cpu } = await withCpuUse(c.brokerPid, () =>
      within(
        produceThroughput(c.producer, topic, {
          messageCount: size.messages,
          valueBytes: size.valueBytes,
          partitions: o.partitions,
          batchMessages: o.batchMessages,
          inFlightSends: o.inFlightSends,
        }),
        THROUGHPUT_LIMIT_MS,
        `produce ${size.title}`,
      ));
    log(throughputReport(
      `produce_${size.label}`,
      `produce ${size.title} (batched, acks=1)`,
      {
        messages: result.delivered,
        bytes: result.delivered * size.valueBytes,
        elapsedMs: result.elapsedMs,
      },
      cpu,
      [{ name: `produce_${size.label}_delivered`, value: result.delivered, unit: "count" }],
    ));
    produced.push({ size, topic, perPartition: result.perPartition });
  }

  for (const { size, topic, perPartition } of produced) {
    const { result, cpu } = await withCpuUse(c.brokerPid, () =>
      within(
        consumeThroughput(c.consumer, topic, perPartition, size.valueBytes),
        THROUGHPUT_LIMIT_MS,
        `consume ${size.title}`,
      ));
    log(throughputReport(
      `consume_${size.label}`,
      `consume ${size.title} (fetch, no group)`,
      { messages: result.consumed, bytes: result.bytes, elapsedMs: result.elapsedMs },
      cpu,
      [
        { name: `consume_${size.label}_consumed`, value: result.consumed, unit: "count" },
        { name: `consume_${size.label}_first_msg_ms`, value: result.firstMessageMs, unit: "ms" },
      ],
    ));
  }

  const rttTopic = await createTopic(c.bootstrap, `${prefix}-rtt`, 1);
  const rtt = await withCpuUse(c.brokerPid, () =>
    within(
      produceRoundTrips(c.producer, rttTopic, o.roundTripWarmups, o.roundTrips, SMALL_VALUE_BYTES),
      ROUND_TRIP_LIMIT_MS,
      "produce round trips",
    ));
  log(latencyReport(
    "rtt_100B",
    "produce round trip 100 B (acks=1)",
    summarize(rtt.result),
    rtt.cpu,
  ));

  const e2eTopic = await createTopic(c.bootstrap, `${prefix}-e2e`, 1);
  const e2eLabel = `e2e_${o.e2eRatePerSec / 1000}k`;
  const e2e = await withCpuUse(c.brokerPid, () =>
    within(
      endToEnd(c.producer, c.consumer, e2eTopic, {
        ratePerSec: o.e2eRatePerSec,
        seconds: o.e2eSeconds,
        warmupSeconds: o.e2eWarmupSeconds,
        valueBytes: SMALL_VALUE_BYTES,
      }),
      (o.e2eSeconds + o.e2eWarmupSeconds) * 1000 + E2E_EXTRA_LIMIT_MS,
      "end-to-end",
    ));
  log(latencyReport(
    e2eLabel,
    `end-to-end 100 B at ${o.e2eRatePerSec.toLocaleString("en-US")} msg/s`,
    summarize(e2e.result.samplesUs),
    e2e.cpu,
    [
      { name: `${e2eLabel}_sent`, value: e2e.result.sent, unit: "count" },
      { name: `${e2eLabel}_lost`, value: e2e.result.lost, unit: "count" },
      { name: `${e2eLabel}_rate_achieved`, value: e2e.result.rateAchieved, unit: "msg/s" },
      { name: `${e2eLabel}_sender_max_lag_us`, value: e2e.result.senderMaxLagUs, unit: "us" },
    ],
  ));
  return reports;
}

async function bench(o: BenchOptions): Promise<void> {
  let broker: BrokerProcess | null = null;
  const onInterrupt = () => {
    console.error("# interrupted: stopping the broker");
    (broker?.stop() ?? Promise.resolve()).finally(() => Deno.exit(130));
  };
  Deno.addSignalListener("SIGINT", onInterrupt);
  try {
    if (o.bootstrap === null) broker = await startBrokerProcess(o.cpuProfileDir);
    const bootstrap = o.bootstrap ?? broker!.bootstrap;
    const where = broker === null ? "already running" : `separate process, pid ${broker.pid}`;
    console.log(`# blink bench: broker ${bootstrap} (${where})`);
    for (const line of await describeEnvironment()) console.log(`# ${line}`);
    const clients: Clients = {
      bootstrap,
      brokerPid: broker?.pid ?? null,
      producer: newProducer(bootstrap, o.inFlightSends),
      consumer: newConsumer(bootstrap),
    };
    let reports: WorkloadReport[];
    try {
      const work = () => runWorkloads(clients, o);
      reports = await (broker === null ? work() : whileAlive(broker, work));
    } finally {
      await clients.producer.close();
      await clients.consumer.close();
    }
    console.log();
    console.log(formatTable(reports));
    console.log();
    console.log(formatFigures(reports));
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
    await broker?.stop();
  }
}

if (import.meta.main) {
  let options: BenchOptions | null;
  try {
    options = parseBenchArgs(Deno.args);
  } catch (err) {
    console.error(`bench: ${err instanceof Error ? err.message : err}\n\n${USAGE}`);
    Deno.exit(2);
  }
  if (options === null) {
    console.log(USAGE);
  } else {
    try {
      await (options.tiers ? runTierSuite(options) : bench(options));
    } catch (err) {
      const causes = err instanceof AggregateError ? err.errors.map((e) => `\n  ${e}`) : [];
      console.error(`bench failed: ${err instanceof Error ? err.message : err}${causes.join("")}`);
      Deno.exit(1);
    }
  }
}
