/**
 * BrokerMetrics and the latency histograms: counters, connections, per-topic traffic, bucket
 * placement and quantile estimation from buckets.
 */
import assert from "node:assert/strict";
import { AssertionError } from "node:assert";
import { BrokerMetrics } from "../broker/metrics.ts";
import {
  LATENCY_BUCKET_BOUNDS_MS,
  LATENCY_BUCKET_COUNT,
  LatencyHistograms,
  quantileFromBuckets,
} from "../broker/request_latency.ts";

const API_NAMES = new Map([[0, "Produce"], [1, "Fetch"], [18, "ApiVersions"]]);

function bucketIndexOf(boundMs: number): number {
  const i = LATENCY_BUCKET_BOUNDS_MS.indexOf(boundMs);
  assert(i >= 0, `${boundMs} is not a bucket bound`);
  return i;
}

Deno.test("latency buckets: bounds ascend and a value on a bound goes into that bucket", () => {
  for (let i = 1; i < LATENCY_BUCKET_BOUNDS_MS.length; i++) {
    assert(LATENCY_BUCKET_BOUNDS_MS[i] > LATENCY_BUCKET_BOUNDS_MS[i - 1]);
  }
  const h = new LatencyHistograms(2);
  h.observe(1, 1); // exactly on the 1 ms bound: le="0.001"
  h.observe(1, 1.0001);
  h.observe(1, 0);
  h.observe(1, -3); // a clock step back counts as 0
  h.observe(1, 1e9); // past every bound: +Inf
  const counts = [...h.bucketCounts(1)];
  assert.equal(counts.length, LATENCY_BUCKET_COUNT);
  assert.equal(counts[0], 2);
  assert.equal(counts[bucketIndexOf(1)], 1);
  assert.equal(counts[bucketIndexOf(2.5)], 1);
  assert.equal(counts[LATENCY_BUCKET_COUNT - 1], 1);
  assert.equal(h.count(1), 5);
  assert.equal(h.sumMs(1), 1 + 1.0001 + 1e9);
  assert.equal(h.count(0), 0);
  assert.throws(() => h.observe(2, 1), AssertionError);
});

Deno.test("quantileFromBuckets interpolates inside the bucket holding the rank", () => {
  const bounds = [1, 2, 4];
  // 10 observations in (1, 2], 10 in (2, 4].
  const counts = [0, 10, 10, 0];
  assert.equal(quantileFromBuckets(counts, bounds, 0.5, 100), 2);
  assert.equal(quantileFromBuckets(counts, bounds, 0.25, 100), 1.5);
  assert.equal(quantileFromBuckets(counts, bounds, 0.75, 100), 3);
  assert.equal(quantileFromBuckets(counts, bounds, 1, 100), 4);
  // The first bucket interpolates from 0.
  assert.equal(quantileFromBuckets([4, 0, 0, 0], bounds, 0.5, 100), 0.5);
  // Capped at the largest observation, which also stands for +Inf.
  assert.equal(quantileFromBuckets(counts, bounds, 0.75, 2.5), 2.5);
  assert.equal(quantileFromBuckets([0, 0, 0, 3], bounds, 0.5, 9), 9);
  assert.equal(quantileFromBuckets([1, 0, 0, 1], bounds, 0.99, 7), 7);
  // Nothing observed.
  assert.equal(quantileFromBuckets([0, 0, 0, 0], bounds, 0.5, 0), 0);
  assert.throws(() => quantileFromBuckets(counts, bounds, 0, 1), AssertionError);
  assert.throws(() => quantileFromBuckets([1, 2], bounds, 0.5, 1), AssertionError);
});

Deno.test("quantile estimates of a known distribution stay within one bucket of the truth", () => {
  const h = new LatencyHistograms(1);
  // 1000 requests spread uniformly over 0..20 ms: p50 = 10 ms, p99 = 19.8 ms.
  for (let i = 0; i < 1000; i++) h.observe(0, (i + 0.5) * 0.02);
  const p50 = h.windowQuantileMs(0, 0.5);
  const p99 = h.windowQuantileMs(0, 0.99);
  // Buckets around them: (5, 10] and (10, 25]; the estimate lies in the right one.
  assert(p50 > 5 && p50 <= 10, `p50 ${p50}`);
  assert(p99 > 10 && p99 <= 20, `p99 ${p99} (capped at the largest observation)`);
  assert.equal(h.windowCount(0), 1000);
});

Deno.test("BrokerMetrics counts requests per API and reports a latency window that restarts", () => {
  const m = new BrokerMetrics(API_NAMES, 1234);
  assert.equal(m.startedAtMs, 1234);
  m.requestDone(0, 0.2);
  m.requestDone(0, 0.4);
  m.requestDone(18, 0.01);
  assert.throws(() => m.requestDone(5, 1), AssertionError, "key without a handler");
  assert.throws(() => m.requestDone(400, 1), AssertionError, "key beyond the table");

  const stats = m.requestStats();
  assert.deepEqual(stats.map((s) => [s.apiKey, s.api, s.count]), [
    [0, "Produce", 2],
    [1, "Fetch", 0],
    [18, "ApiVersions", 1],
  ]);
  assert.equal(stats[0].sumMs, 0.2 + 0.4);
  assert.equal(stats[0].bucketCounts[bucketIndexOf(0.25)], 1);
  assert.equal(stats[0].bucketCounts[bucketIndexOf(0.5)], 1);

  const window = m.latencyWindow();
  assert.deepEqual(window.map((w) => [w.apiKey, w.api, w.count]), [
    [0, "Produce", 2],
    [18, "ApiVersions", 1],
  ]);
  const produce = window[0];
  assert(produce.p50Ms > 0.1 && produce.p50Ms <= 0.25, `p50 ${produce.p50Ms}`);
  assert(produce.p99Ms > 0.25 && produce.p99Ms <= 0.4, `p99 ${produce.p99Ms}`);
  // The next window holds only what came after; the cumulative counts keep everything.
  assert.deepEqual(m.latencyWindow(), []);
  m.requestDone(1, 600);
  const next = m.latencyWindow();
  assert.deepEqual(next.map((w) => [w.api, w.count, w.p50Ms, w.p99Ms]), [["Fetch", 1, 600, 600]]);
  assert.equal(m.requestStats()[0].count, 2);
});

Deno.test("BrokerMetrics: traffic per topic and in total, connections, freed bytes", () => {
  const m = new BrokerMetrics(API_NAMES, 0);
  m.produced("a", 3, 120);
  m.produced("a", 2, 90);
  m.produced("b", 1, 70);
  m.fetched("a", 5, 210);
  assert.deepEqual(m.topicTraffic("a"), {
    messagesIn: 5,
    bytesIn: 210,
    messagesOut: 5,
    bytesOut: 210,
  });
  assert.deepEqual(m.topicTraffic("b"), {
    messagesIn: 1,
    bytesIn: 70,
    messagesOut: 0,
    bytesOut: 0,
  });
  assert.equal(m.topicTraffic("c"), undefined);
  m.retentionFreed(100);
  m.retentionFreed(0);
  m.purged(40);
  const totals = m.totals();
  assert.deepEqual(totals, {
    messagesIn: 6,
    bytesIn: 280,
    messagesOut: 5,
    bytesOut: 210,
    retentionFreedBytes: 100,
    purgedBytes: 40,
  });
  // totals() is a snapshot, not a live view.
  m.produced("b", 1, 70);
  assert.equal(totals.messagesIn, 6);
  // Forgetting a deleted topic keeps the broker totals.
  m.forgetTopic("a");
  assert.equal(m.topicTraffic("a"), undefined);
  assert.equal(m.totals().messagesIn, 7);
  assert.throws(() => m.purged(-1), AssertionError);

  assert.equal(m.connections, 0);
  m.connectionOpened();
  m.connectionOpened();
  m.connectionClosed();
  assert.equal(m.connections, 1);
  m.connectionClosed();
  assert.throws(() => m.connectionClosed(), AssertionError);
});
