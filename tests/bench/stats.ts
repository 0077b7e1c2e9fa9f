/**
 * Latency summaries: nearest-rank percentiles over samples in microseconds, the same definition
 * as the team yardstick (perf/src/common.h `pct_sorted`), so figures compare directly.
 */
import assert from "node:assert/strict";

export interface LatencySummary {
  samples: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
  meanUs: number;
}

/** The sample at rank ceil(p/100 * n) (1-based, clamped to 1..n) of an ascending array. */
export function percentileOfSorted(sortedUs: Float64Array, percent: number): number {
  assert.ok(sortedUs.length > 0, "percentile of no samples");
  assert.ok(percent > 0 && percent <= 100, `percent ${percent} outside (0, 100]`);
  const rank = Math.min(sortedUs.length, Math.max(1, Math.ceil((percent / 100) * sortedUs.length)));
  return sortedUs[rank - 1];
}

export function summarize(samplesUs: ArrayLike<number>): LatencySummary {
  assert.ok(samplesUs.length > 0, "no latency samples to summarize");
  const sorted = Float64Array.from(samplesUs).sort();
  let sumUs = 0;
  for (const v of sorted) sumUs += v;
  return {
    samples: sorted.length,
    p50Us: percentileOfSorted(sorted, 50),
    p99Us: percentileOfSorted(sorted, 99),
    p999Us: percentileOfSorted(sorted, 99.9),
    maxUs: sorted[sorted.length - 1],
    meanUs: sumUs / sorted.length,
  };
}
