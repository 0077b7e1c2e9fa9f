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

/** One `figure=<name> value=<number> unit=<unit>` line per figure, exact values. */
export function formatFigures(reports: WorkloadReport[]): string {
  return reports
    .flatMap((r) => r.figures)
    .map((f) => `figure=${f.name} value=${Number(f.value.toFixed(3))} unit=${f.unit}`)
    .join("\n");
}
