/**
 * A writer for the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/): one `# HELP` and one `# TYPE`
 * line per metric family, then its samples `name{label="value",...} value`.
 *
 * Escaping, from that document: in label values backslash, double quote and line feed become
 * `\\`, `\"` and `\n`; in HELP text backslash and line feed. Families without samples are left
 * out entirely.
 */
import assert from "node:assert/strict";

export type Labels = Record<string, string>;

export interface Sample {
  labels?: Labels;
  value: number;
}

export interface HistogramSeries {
  labels: Labels;
  /** Observations per bucket (not cumulative): one per bound, then +Inf. */
  bucketCounts: ArrayLike<number>;
  sum: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}

export function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === "\n" ? "\\n" : "\\\\"));
}

/** A sample value as Go's ParseFloat reads it: NaN, +Inf, -Inf, or a JS number. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

function formatLabels(labels: Labels | undefined): string {
  if (!labels) return "";
  const parts: string[] = [];
  for (const [name, value] of Object.entries(labels)) {
    assert(LABEL_NAME.test(name) && !name.startsWith("__"), `bad label name "${name}"`);
    parts.push(`${name}="${escapeLabelValue(value)}"`);
  }
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

export class Exposition {
  private readonly lines: string[] = [];
  private readonly families = new Set<string>();

  counter(name: string, help: string, samples: Sample[]): this {
    assert(name.endsWith("_total"), `counter ${name} must end in _total`);
    return this.simple(name, "counter", help, samples);
  }

  gauge(name: string, help: string, samples: Sample[]): this {
    return this.simple(name, "gauge", help, samples);
  }

  /** Cumulative `_bucket` series with `le` (bounds as given, then +Inf), `_sum`, `_count`. */
  histogram(
    name: string,
    help: string,
    bounds: readonly number[],
    series: HistogramSeries[],
  ): this {
    if (series.length === 0) return this;
    this.header(name, "histogram", help);
    for (const s of series) {
      assert(s.bucketCounts.length === bounds.length + 1, `${name}: one count per bound + Inf`);
      assert(!("le" in s.labels), `${name}: "le" is reserved for buckets`);
      let cumulative = 0;
      for (let i = 0; i <= bounds.length; i++) {
        cumulative += s.bucketCounts[i];
        const le = i < bounds.length ? formatValue(bounds[i]) : "+Inf";
        this.line(`${name}_bucket`, { ...s.labels, le }, cumulative);
      }
      this.line(`${name}_sum`, s.labels, s.sum);
      this.line(`${name}_count`, s.labels, cumulative);
    }
    return this;
  }

  /** The exposition: every line followed by a line feed. */
  text(): string {
    return this.lines.length === 0 ? "" : this.lines.join("\n") + "\n";
  }

  private simple(name: string, type: string, help: string, samples: Sample[]): this {
    if (samples.length === 0) return this;
    this.header(name, type, help);
    for (const s of samples) this.line(name, s.labels, s.value);
    return this;
  }

  private header(name: string, type: string, help: string): void {
    assert(METRIC_NAME.test(name), `bad metric name "${name}"`);
    assert(!this.families.has(name), `metric family ${name} written twice`);
    this.families.add(name);
    this.lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
  }

  private line(name: string, labels: Labels | undefined, value: number): void {
    this.lines.push(`${name}${formatLabels(labels)} ${formatValue(value)}`);
  }
}
