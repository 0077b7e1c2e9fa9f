/**
 * LiveFeed: samples the broker's metrics at a fixed interval (1 s by default) into LiveFigures
 * (rates over the last interval, connections, latency quantiles per API, memory, the disk tier's
 * size with its spill and WAL-read throughput), hands each one to the subscribers (the console's
 * event stream) and keeps the last LIVE_HISTORY_LENGTH for clients that connect later.
 *
 * The feed owns the broker's latency window (BrokerMetrics.latencyWindow): run one per broker.
 */
import assert from "node:assert/strict";
import type { Broker } from "../../broker/broker.ts";
import type { MetricTotals } from "../../broker/metrics.ts";

export interface LiveFigures {
  timeMs: number;
  messagesInPerSec: number;
  bytesInPerSec: number;
  messagesOutPerSec: number;
  bytesOutPerSec: number;
  connections: number;
  latency: { api: string; p50Ms: number; p99Ms: number; count: number }[];
  memory: { usedBytes: number; limitBytes: number; freeSegments: number };
  /** The disk tier: WAL (or spill area) bytes now, and bytes/s spilled and read back from it. */
  disk: { walDiskBytes: number; spilledBytesPerSec: number; walReadBytesPerSec: number };
}

/** The disk tier's figures a sample is taken from (LogStore.diskStats()). */
interface DiskTotals {
  diskBytes: number;
  spilledBytesTotal: number;
  walReadBytesTotal: number;
}

/** Figures kept: five minutes at one per second. */
export const LIVE_HISTORY_LENGTH = 300;

export type LiveSubscriber = (figures: LiveFigures) => void;

export class LiveFeed {
  private readonly subscribers = new Set<LiveSubscriber>();
  private readonly recent: LiveFigures[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private previousTimeMs: number;
  private previousTotals: MetricTotals;
  private previousDisk: DiskTotals;

  constructor(private readonly broker: Broker, private readonly intervalMs = 1000) {
    assert(Number.isInteger(intervalMs) && intervalMs > 0, `intervalMs ${intervalMs}`);
    this.previousTimeMs = broker.now();
    this.previousTotals = broker.metrics.totals();
    this.previousDisk = this.diskTotals();
  }

  private diskTotals(): DiskTotals {
    const { diskBytes, spilledBytesTotal, walReadBytesTotal } = this.broker.store.diskStats();
    return { diskBytes, spilledBytesTotal, walReadBytesTotal };
  }

  /** Calls `fn` with every new sample; returns the function that unsubscribes. */
  subscribe(fn: LiveSubscriber): () => void {
    this.subscribers.add(fn);
    return () => {
      this.subscribers.delete(fn);
    };
  }

  /** The last LIVE_HISTORY_LENGTH samples, oldest first (a copy). */
  history(): LiveFigures[] {
    return this.recent.slice();
  }

  /** Starts sampling every `intervalMs`; a second call does nothing. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Takes one sample now (the timer calls this): rates since the previous sample, and the
   * latency of the requests done since then. Returns it after notifying the subscribers.
   */
  sample(): LiveFigures {
    const metrics = this.broker.metrics;
    const pool = this.broker.store.pool;
    const timeMs = this.broker.now();
    const totals = metrics.totals();
    const disk = this.diskTotals();
    const elapsedMs = timeMs - this.previousTimeMs;
    const perSec = (now: number, before: number) =>
      elapsedMs > 0 ? ((now - before) * 1000) / elapsedMs : 0;
    const before = this.previousTotals;
    const figures: LiveFigures = {
      timeMs,
      messagesInPerSec: perSec(totals.messagesIn, before.messagesIn),
      bytesInPerSec: perSec(totals.bytesIn, before.bytesIn),
      messagesOutPerSec: perSec(totals.messagesOut, before.messagesOut),
      bytesOutPerSec: perSec(totals.bytesOut, before.bytesOut),
      connections: metrics.connections,
      latency: metrics.latencyWindow().map(({ api, p50Ms, p99Ms, count }) => ({
        api,
        p50Ms,
        p99Ms,
        count,
      })),
      memory: {
        usedBytes: pool.usedBytes,
        limitBytes: pool.limitBytes,
        freeSegments: pool.freeSegments,
      },
      disk: {
        walDiskBytes: disk.diskBytes,
        spilledBytesPerSec: perSec(disk.spilledBytesTotal, this.previousDisk.spilledBytesTotal),
        walReadBytesPerSec: perSec(disk.walReadBytesTotal, this.previousDisk.walReadBytesTotal),
      },
    };
    this.previousTimeMs = timeMs;
    this.previousTotals = totals;
    this.previousDisk = disk;
    this.recent.push(figures);
    if (this.recent.length > LIVE_HISTORY_LENGTH) this.recent.shift();
    for (const fn of this.subscribers) {
      try {
        fn(figures);
      } catch (err) {
        this.broker.log.warn("live figures subscriber failed", {
          reason: err instanceof Error ? err.message : String(err),
        });
      }
    }
    return figures;
  }
}
