/** Number, size, rate, duration and time formatting for the console's tables and charts. */

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

/** 1536 -> "1.5 KiB" (1024-based, like the broker's sizes). */
export function formatBytes(sizeBytes: number): string {
  if (!Number.isFinite(sizeBytes)) return "–";
  let value = Math.abs(sizeBytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${sizeBytes < 0 ? "-" : ""}${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

const countFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const compactFormat = new Intl.NumberFormat("en-US", {
  notation: "compact",
  maximumFractionDigits: 1,
});

/** 1234567 -> "1,234,567". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? countFormat.format(n) : "–";
}

/** 1234567 -> "1.2M", for chart axes. */
export function formatCompact(n: number): string {
  return Number.isFinite(n) ? compactFormat.format(n) : "–";
}

/** Milliseconds, for latency figures: 0.25 -> "0.25 ms", 12.3 -> "12 ms", 1500 -> "1.5 s". */
export function formatLatencyMs(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  return `${ms >= 10 ? ms.toFixed(0) : ms.toFixed(2).replace(/\.?0+$/, "")} ms`;
}

const DURATION_UNITS: [string, number][] = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
];

/** A retention or uptime: -1 -> "forever", 5400000 -> "1h 30m", 250 -> "250 ms". */
export function formatDuration(ms: number): string {
  if (ms < 0) return "forever";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, sizeMs] of DURATION_UNITS) {
    const n = Math.floor(rest / sizeMs);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * sizeMs;
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}

/** Epoch ms -> "2025-11-22 21:04:05.123" in the browser's time zone. */
export function formatTime(timeMs: number): string {
  const d = new Date(timeMs);
  if (Number.isNaN(d.getTime())) return String(timeMs);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** A percentage of `part` in `whole`, clamped to 0..100. */
export function percent(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.min(100, Math.max(0, (part / whole) * 100));
}
