/**
 * Request latency histograms, one per API, in preallocated typed arrays.
 *
 * Each API has a slot; each slot has a fixed row of bucket counters (the bounds below, then
 * +Inf), counted twice: since start (for Prometheus) and since the last window reset (for the
 * live p50/p99). Recording a request is a bucket search over a short constant array and a few
 * array increments: no allocation.
 */
import assert from "node:assert/strict";

/**
 * Upper bounds of the buckets in milliseconds (`le` in Prometheus); a last bucket, +Inf, is
 * implicit. Sub-millisecond resolution for produce/metadata, up to 30 s for long-polling fetches
 * (fetch.max.wait.ms) and group joins.
 */
export const LATENCY_BUCKET_BOUNDS_MS: readonly number[] = Object.freeze([
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  25,
  50,
  100,
  250,
  500,
  1000,
  2500,
  5000,
  10000,
  30000,
]);

/** Buckets per slot: the bounded ones plus +Inf. */
export const LATENCY_BUCKET_COUNT = LATENCY_BUCKET_BOUNDS_MS.length + 1;

/**
 * Estimates the q-quantile (0 < q <= 1) of the observations counted in `bucketCounts` (one count
 * per bucket, not cumulative; the last is +Inf), as Prometheus' histogram_quantile does: find the
 * bucket holding the rank and interpolate linearly inside it (from 0 for the first bucket). The
 * result is capped at `maxMs`, the largest observation, which also stands for the +Inf bucket.
 * Returns 0 when nothing was observed.
 */
export function quantileFromBuckets(
  bucketCounts: ArrayLike<number>,
  boundsMs: readonly number[],
  q: number,
  maxMs: number,
): number {
  assert(q > 0 && q <= 1, `quantile must be in (0, 1], got ${q}`);
  assert(bucketCounts.length === boundsMs.length + 1, "one count per bound plus +Inf");
  let total = 0;
  for (let i = 0; i < bucketCounts.length; i++) total += bucketCounts[i];
  if (total === 0) return 0;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < boundsMs.length; i++) {
    const inBucket = bucketCounts[i];
    if (below + inBucket >= rank && inBucket > 0) {
      const lowerMs = i === 0 ? 0 : boundsMs[i - 1];
      const estimateMs = lowerMs + (boundsMs[i] - lowerMs) * ((rank - below) / inBucket);
      return Math.min(estimateMs, maxMs);
    }
    below += inBucket;
  }
  return maxMs;
}

/** Index of the bucket a duration falls in (the first bound >= it; +Inf last). */
function bucketOf(durationMs: number): number {
  const bounds = LATENCY_BUCKET_BOUNDS_MS;
  let i = 0;
  while (i < bounds.length && durationMs > bounds[i]) i++;
  return i;
}

export class LatencyHistograms {
  readonly slotCount: number;
  /** slot * LATENCY_BUCKET_COUNT + bucket: observations since start. */
  private readonly counts: Float64Array;
  /** Same layout: observations since the last resetWindow(). */
  private readonly windowCounts: Float64Array;
  private readonly totalCounts: Float64Array;
  private readonly sumsMs: Float64Array;
  private readonly windowMaxMs: Float64Array;

  constructor(slotCount: number) {
    assert(Number.isInteger(slotCount) && slotCount > 0, `slotCount ${slotCount}`);
    this.slotCount = slotCount;
    this.counts = new Float64Array(slotCount * LATENCY_BUCKET_COUNT);
    this.windowCounts = new Float64Array(slotCount * LATENCY_BUCKET_COUNT);
    this.totalCounts = new Float64Array(slotCount);
    this.sumsMs = new Float64Array(slotCount);
    this.windowMaxMs = new Float64Array(slotCount);
  }

  observe(slot: number, durationMs: number): void {
    if (!(slot >= 0 && slot < this.slotCount)) assert.fail(`latency slot ${slot} out of range`);
    // A clock step backwards must not produce a negative duration.
    const ms = durationMs > 0 ? durationMs : 0;
    const at = slot * LATENCY_BUCKET_COUNT + bucketOf(ms);
    this.counts[at]++;
    this.windowCounts[at]++;
    this.totalCounts[slot]++;
    this.sumsMs[slot] += ms;
    if (ms > this.windowMaxMs[slot]) this.windowMaxMs[slot] = ms;
  }

  /** Observations of a slot since start. */
  count(slot: number): number {
    return this.totalCounts[slot];
  }

  /** Sum of the observed durations of a slot since start, in ms. */
  sumMs(slot: number): number {
    return this.sumsMs[slot];
  }

  /** A view (not a copy) of a slot's per-bucket counts since start; the last is +Inf. */
  bucketCounts(slot: number): Float64Array {
    const from = slot * LATENCY_BUCKET_COUNT;
    return this.counts.subarray(from, from + LATENCY_BUCKET_COUNT);
  }

  /** Observations of a slot since the last resetWindow(). */
  windowCount(slot: number): number {
    const from = slot * LATENCY_BUCKET_COUNT;
    let total = 0;
    for (let i = from; i < from + LATENCY_BUCKET_COUNT; i++) total += this.windowCounts[i];
    return total;
  }

  /** Estimated q-quantile in ms of a slot's observations since the last resetWindow(). */
  windowQuantileMs(slot: number, q: number): number {
    const from = slot * LATENCY_BUCKET_COUNT;
    return quantileFromBuckets(
      this.windowCounts.subarray(from, from + LATENCY_BUCKET_COUNT),
      LATENCY_BUCKET_BOUNDS_MS,
      q,
      this.windowMaxMs[slot],
    );
  }

  resetWindow(): void {
    this.windowCounts.fill(0);
    this.windowMaxMs.fill(0);
  }
}
