/**
 * Turns workload runs into a table and figure lines. Figure names and units follow the team
 * yardstick (perf/src/kbench.c: `figure=<name> value=<number> unit=<unit>`), so a figure here
 * and there can be compared by name; MB is 10^6 bytes of message values, as in kbench.
 */
import type { CpuUse } from "./process_cpu.ts";
import type { LatencySummary } from "./stats.ts";

export interface Figure {
  name: string;
  value: number;
  unit: string;
}

export interface WorkloadReport {
  title: string;
  messages: number;
  msgsPerSec: number | null;
  mbPerSec: number | null;
  latency: LatencySummary | null;
  cpu: CpuUse;
  figures: Figure[];
}

function cpuFigures(label: string, cpu: CpuUse): Figure[] {
  const out: Figure[] = [];
  if (cpu.brokerMs !== null) {
    out.push({ name: `${label}_broker_cpu_ms`, value: cpu.brokerMs, unit: "ms" });
  }
  if (cpu.clientMs !== null) {
    out.push({ name: `${label}_client_cpu_ms`, value: cpu.clientMs, unit: "ms" });
  }
  return out;
}

export function throughputReport(
  label: string,
  title: string,
  run: { messages: number; bytes: number; elapsedMs: number },
  cpu: CpuUse,
  extra: Figure[] = [],
): WorkloadReport {
  const seconds = run.elapsedMs / 1000;
  const msgsPerSec = run.messages / seconds;
  const mbPerSec = run.bytes / seconds / 1e6;
  return {
    title,
    messages: run.messages,
    msgsPerSec,
    mbPerSec,
    latency: null,
    cpu,
    figures: [
      { name: `${label}_msgs_per_s`, value: msgsPerSec, unit: "msg/s" },
      { name: `${label}_MB_per_s`, value: mbPerSec, unit: "MB/s" },
      { name: `${label}_elapsed_ms`, value: run.elapsedMs, unit: "ms" },
      ...extra,
      ...cpuFigures(label, cpu),
    ],
  };
}

export function latencyReport(
  label: string,
  title: string,
  latency: LatencySummary,
  cpu: CpuUse,
  extra: Figure[] = [],
): WorkloadReport {
  return {
    title,
    messages: latency.samples,
    msgsPerSec: null,
    mbPerSec: null,
    latency,
    cpu,
    figures: [
      ...extra,
      { name: `${label}_samples`, value: latency.samples, unit: "count" },
      { name: `${label}_p50_us`, value: latency.p50Us, unit: "us" },
      { name: `${label}_p99_us`, value: latency.p99Us, unit: "us" },
      { name: `${label}_p99_9_us`, value: latency.p999Us, unit: "us" },
      { name: `${label}_max_us`, value: latency.maxUs, unit: "us" },
      { name: `${label}_mean_us`, value: latency.meanUs, unit: "us" },
      ...cpuFigures(label, cpu),
    ],
  };
}

function grouped(n: number, fractionDigits = 0): string {
  return n.toLocaleString("en-US", {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  });
}

function percentOfCore(usedMs: number | null, wallMs: number): string {
  return usedMs === null ? "-" : `${Math.round((usedMs / wallMs) * 100)}%`;
}

/** A Markdown table: the first column left-aligned, the others right-aligned. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    `| ${
      cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")
    } |`;
  const rule = `|${
    widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")
  }|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** A Markdown table, one row per workload; CPU columns are % of one core over the workload. */
export function formatTable(reports: WorkloadReport[]): string {
  const header = [
    "workload",
    "messages",
    "msg/s",
    "MB/s",
    "p50 µs",
    "p99 µs",
    "broker CPU",
    "client CPU",
  ];
  const rows = reports.map((r) => [
    r.title,
    grouped(r.messages),
    r.msgsPerSec === null ? "-" : grouped(r.msgsPerSec),
    r.mbPerSec === null ? "-" : grouped(r.mbPerSec, 1),
    r.latency === null ? "-" : grouped(r.latency.p50Us, 1),
    r.latency === null ? "-" : grouped(r.latency.p99Us, 1),
    percentOfCore(r.cpu.brokerMs, r.cpu.wallMs),
    percentOfCore(r.cpu.clientMs, r.cpu.wallMs),
  ]);
  return markdownTable(header, rows);
}

const GiB = 1024 ** 3;

/** One broker start, timed from spawn; the broker's own recovery figure comes from its log. */
export interface StartupRun {
  title: string;
  /** WAL bytes the broker scanned at start (`walBytes=` of `storage recovered`). */
  walBytes: number;
  /** Spawn of the process to its Kafka port accepting a connection. */
  startupMs: number;
  /** `durationMs=` of the broker's `storage recovered` line. */
  recoveredMs: number;
  /** CPU the broker process used from spawn to accepting connections. */
  brokerCpuMs: number | null;
}

/** A start's figures per GiB of WAL, beside a baseline start (an empty broker). */
export interface StartupReport {
  label: string;
  run: StartupRun;
  /** Seconds per GiB of WAL: spawn to listening; the broker's recovery; listening less empty. */
  listenSecondsPerGiB: number | null;
  recoveredSecondsPerGiB: number | null;
  overEmptySecondsPerGiB: number | null;
  figures: Figure[];
}

export function startupReport(label: string, run: StartupRun, empty: StartupRun): StartupReport {
  const gib = run.walBytes / GiB;
  const perGiB = (ms: number) => (gib > 0 ? ms / 1000 / gib : null);
  const report: StartupReport = {
    label,
    run,
    listenSecondsPerGiB: perGiB(run.startupMs),
    recoveredSecondsPerGiB: perGiB(run.recoveredMs),
    overEmptySecondsPerGiB: perGiB(run.startupMs - empty.startupMs),
    figures: [
      { name: `${label}_wal_bytes`, value: run.walBytes, unit: "bytes" },
      { name: `${label}_listen_ms`, value: run.startupMs, unit: "ms" },
      { name: `${label}_recovered_ms`, value: run.recoveredMs, unit: "ms" },
    ],
  };
  if (run.brokerCpuMs !== null) {
    report.figures.push({ name: `${label}_broker_cpu_ms`, value: run.brokerCpuMs, unit: "ms" });
  }
  const perGiBFigures: [string, number | null][] = [
    ["listen_s_per_GiB", report.listenSecondsPerGiB],
    ["recovered_s_per_GiB", report.recoveredSecondsPerGiB],
    ["over_empty_s_per_GiB", report.overEmptySecondsPerGiB],
  ];
  for (const [name, value] of perGiBFigures) {
    if (value !== null) report.figures.push({ name: `${label}_${name}`, value, unit: "s/GiB" });
  }
  return report;
}

/** A Markdown table of broker starts: times, and seconds per GiB of WAL where there is one. */
export function formatStartupTable(reports: StartupReport[]): string {
  const header = [
    "start",
    "WAL MiB",
    "spawn → listening ms",
    "`storage recovered` ms",
    "broker CPU ms",
    "s/GiB listening",
    "s/GiB recovered",
    "s/GiB over empty",
  ];
  const perGiB = (v: number | null) => (v === null ? "-" : grouped(v, 2));
  const rows = reports.map((r) => [
    r.run.title,
    grouped(r.run.walBytes / 1024 ** 2, 1),
    grouped(r.run.startupMs),
    grouped(r.run.recoveredMs),
    r.run.brokerCpuMs === null ? "-" : grouped(r.run.brokerCpuMs),
    perGiB(r.listenSecondsPerGiB),
    perGiB(r.recoveredSecondsPerGiB),
    perGiB(r.overEmptySecondsPerGiB),
  ]);
  return markdownTable(header, rows);
}

/**
 * The run of median throughput (msg/s) among runs of one workload, its figures joined by the
 * lowest and highest msg/s and the number of runs when there was more than one.
 */
export function medianWorkload(label: string, runs: WorkloadReport[]): WorkloadReport {
  if (runs.length === 0) throw new Error(`no runs of ${label}`);
  const rate = (r: WorkloadReport) => r.msgsPerSec ?? 0;
  const sorted = [...runs].sort((a, b) => rate(a) - rate(b));
  const median = sorted[Math.floor(sorted.length / 2)];
  if (runs.length === 1) return median;
  return {
    ...median,
    figures: [
      ...median.figures,
      { name: `${label}_msgs_per_s_min`, value: rate(sorted[0]), unit: "msg/s" },
      { name: `${label}_msgs_per_s_max`, value: rate(sorted[sorted.length - 1]), unit: "msg/s" },
      { name: `${label}_runs`, value: runs.length, unit: "count" },
    ],
  };
}

/** The start of median spawn -> listening time among runs, with the range of both times. */
export function medianStartup(runs: StartupReport[]): StartupReport {
  if (runs.length === 0) throw new Error("no starts");
  const sorted = [...runs].sort((a, b) => a.run.startupMs - b.run.startupMs);
  const median = sorted[Math.floor(sorted.length / 2)];
  if (runs.length === 1) return median;
  const label = median.label;
  const recovered = runs.map((r) => r.run.recoveredMs);
  return {
    ...median,
    figures: [
      ...median.figures,
      { name: `${label}_listen_ms_min`, value: sorted[0].run.startupMs, unit: "ms" },
      {
        name: `${label}_listen_ms_max`,
        value: sorted[sorted.length - 1].run.startupMs,
        unit: "ms",
      },
      { name: `${label}_recovered_ms_min`, value: Math.min(...recovered), unit: "ms" },
      { name: `${label}_recovered_ms_max`, value: Math.max(...recovered), unit: "ms" },
      { name: `${label}_runs`, value: runs.length, unit: "count" },
    ],
  };
}

/** One `figure=<name> value=<number> unit=<unit>` line per figure, exact values. */
export function formatFigures(reports: { figures: Figure[] }[]): string {
  return reports
    .flatMap((r) => r.figures)
    .map((f) => `figure=${f.name} value=${Number(f.value.toFixed(3))} unit=${f.unit}`)
    .join("\n");
}
