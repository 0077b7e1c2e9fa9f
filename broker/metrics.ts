/**
 * BrokerMetrics: the broker's counters, fed by the connection and the handlers, read by the
 * console (live figures) and the Prometheus exposition.
 *
 * Hot-path calls (requestDone, produced, fetched) do a few additions into preallocated typed
 * arrays or a per-topic record created once per topic: no per-record work and no allocation.
 * Records are counted from batch headers, bytes are whole batch sizes.
 */
import assert from "node:assert/strict";
import { LatencyHistograms } from "./request_latency.ts";

/** Cumulative traffic of one topic since the broker started (or since the topic was created). */
export interface TopicTraffic {
  messagesIn: number;
  bytesIn: number;
  messagesOut: number;
  bytesOut: number;
}

export interface MetricTotals {
  messagesIn: number;
  bytesIn: number;
  messagesOut: number;
  bytesOut: number;
  retentionFreedBytes: number;
  purgedBytes: number;
}

export interface ApiLatency {
  apiKey: number;
  api: string;
  count: number;
  p50Ms: number;
  p99Ms: number;
}

/** One API's request count and latency histogram since start (Prometheus reads these). */
export interface ApiRequestStats {
  apiKey: number;
  api: string;
  count: number;
  sumMs: number;
  /** Per-bucket counts (not cumulative) over LATENCY_BUCKET_BOUNDS_MS, then +Inf; a view. */
  bucketCounts: Float64Array;
}

export class BrokerMetrics {
  readonly startedAtMs: number;
  private readonly apiKeys: number[];
  private readonly apiNames: string[];
  /** apiKey -> slot in `latency`, -1 for keys without a handler. */
  private readonly slotOfKey: Int16Array;
  private readonly latency: LatencyHistograms;
  private readonly byTopic = new Map<string, TopicTraffic>();
  private readonly total: MetricTotals = {
    messagesIn: 0,
    bytesIn: 0,
    messagesOut: 0,
    bytesOut: 0,
    retentionFreedBytes: 0,
    purgedBytes: 0,
  };
  private openConnections = 0;

  /** `apiNames`: every API the broker serves, by key (the handler table's names). */
  constructor(apiNames: ReadonlyMap<number, string>, nowMs: number) {
    assert(apiNames.size > 0, "metrics need at least one API");
    this.startedAtMs = nowMs;
    this.apiKeys = [...apiNames.keys()].sort((a, b) => a - b);
    this.apiNames = this.apiKeys.map((key) => apiNames.get(key)!);
    const maxKey = this.apiKeys[this.apiKeys.length - 1];
    assert(this.apiKeys[0] >= 0 && maxKey <= 0x7fff, "api keys are non-negative int16");
    this.slotOfKey = new Int16Array(maxKey + 1).fill(-1);
    this.apiKeys.forEach((key, slot) => (this.slotOfKey[key] = slot));
    this.latency = new LatencyHistograms(this.apiKeys.length);
  }

  /** One request handled (its response sent, or none by protocol), taking `durationMs`. */
  requestDone(apiKey: number, durationMs: number): void {
    const slot = this.slotOfKey[apiKey] ?? -1;
    if (slot < 0) assert.fail(`requestDone for api key ${apiKey}, which has no handler`);
    this.latency.observe(slot, durationMs);
  }

  connectionOpened(): void {
    this.openConnections++;
  }

  connectionClosed(): void {
    assert(this.openConnections > 0, "connectionClosed without an open connection");
    this.openConnections--;
  }

  get connections(): number {
    return this.openConnections;
  }

  /** A batch of `records` records, `bytes` long, stored in `topic`. */
  produced(topic: string, records: number, bytes: number): void {
    const t = this.trafficOf(topic);
    t.messagesIn += records;
    t.bytesIn += bytes;
    this.total.messagesIn += records;
    this.total.bytesIn += bytes;
  }

  /** Batches holding `records` records, `bytes` long, returned to a consumer from `topic`. */
  fetched(topic: string, records: number, bytes: number): void {
    const t = this.trafficOf(topic);
    t.messagesOut += records;
    t.bytesOut += bytes;
    this.total.messagesOut += records;
    this.total.bytesOut += bytes;
  }

  /** Bytes dropped by time or size retention. */
  retentionFreed(bytes: number): void {
    assert(bytes >= 0, `retentionFreed(${bytes})`);
    this.total.retentionFreedBytes += bytes;
  }

  /** Bytes dropped by purge_on_fetch. */
  purged(bytes: number): void {
    assert(bytes >= 0, `purged(${bytes})`);
    this.total.purgedBytes += bytes;
  }

  /** A deleted topic's traffic counters go away (a topic created again starts from zero). */
  forgetTopic(topic: string): void {
    this.byTopic.delete(topic);
  }

  /** The topic's cumulative traffic, or undefined when nothing was produced or fetched. */
  topicTraffic(topic: string): Readonly<TopicTraffic> | undefined {
    return this.byTopic.get(topic);
  }

  /** Cumulative totals for rate computation by readers. */
  totals(): MetricTotals {
    return { ...this.total };
  }

  /** Every API's request count and latency histogram since start, in api key order. */
  requestStats(): ApiRequestStats[] {
    return this.apiKeys.map((apiKey, slot) => ({
      apiKey,
      api: this.apiNames[slot],
      count: this.latency.count(slot),
      sumMs: this.latency.sumMs(slot),
      bucketCounts: this.latency.bucketCounts(slot),
    }));
  }

  /**
   * Per-API request counts and latency quantiles (ms) of the requests done since the previous
   * call (the window then restarts), for the APIs that had requests in it. One reader (the
   * console's LiveFeed) owns the window.
   */
  latencyWindow(): ApiLatency[] {
    const out: ApiLatency[] = [];
    for (let slot = 0; slot < this.apiKeys.length; slot++) {
      const count = this.latency.windowCount(slot);
      if (count === 0) continue;
      out.push({
        apiKey: this.apiKeys[slot],
        api: this.apiNames[slot],
        count,
        p50Ms: this.latency.windowQuantileMs(slot, 0.5),
        p99Ms: this.latency.windowQuantileMs(slot, 0.99),
      });
    }
    this.latency.resetWindow();
    return out;
  }

  private trafficOf(topic: string): TopicTraffic {
    let t = this.byTopic.get(topic);
    if (t === undefined) {
      t = { messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0 };
      this.byTopic.set(topic, t);
    }
    return t;
  }
}
