/**
 * LiveFeed: rates over the sampling interval, latency windows, memory and disk-tier figures, the
 * bounded history and subscribers. A broker with an injected clock makes the rates exact.
 */
import assert from "node:assert/strict";
import { Broker } from "../broker/broker.ts";
import { HANDLERS } from "../broker/handlers/index.ts";
import { createLogger } from "../broker/settings/log.ts";
import { LIVE_HISTORY_LENGTH, LiveFeed, type LiveFigures } from "../console/metrics/live.ts";
import { LogStore } from "../storage/log_store.ts";
import { buildBatch } from "../broker/records/record_codec.ts";
import { readBatchHeader } from "../broker/records/batch_header.ts";
import { freshStorageDir, testSettings } from "./helpers/broker.ts";
import { waitUntil } from "./helpers/wait_until.ts";

/** A broker on `clock`; with `spill`, a 1 MiB pool of 64 KiB segments over a spill area. */
function brokerAt(clock: { nowMs: number }, spill = false): Broker {
  const settings = testSettings({ maxMemoryBytes: 8 * 1024 * 1024 });
  const store = new LogStore({
    maxMemoryBytes: spill ? 1024 * 1024 : settings.maxMemoryBytes,
    segmentSizeBytes: spill ? 64 * 1024 : settings.segmentSizeBytes,
    retentionMs: settings.retentionMs,
    storagePath: spill ? freshStorageDir() : null,
  });
  return new Broker({
    settings,
    store,
    log: createLogger("error"),
    handlers: HANDLERS,
    clock: () => clock.nowMs,
  });
}

Deno.test("live feed: per-second rates over the elapsed time, latency of the last interval", () => {
  const clock = { nowMs: 10_000 };
  const broker = brokerAt(clock);
  try {
    const feed = new LiveFeed(broker);
    broker.metrics.produced("t", 10, 1000);
    broker.metrics.fetched("t", 4, 400);
    broker.metrics.requestDone(0, 2);
    broker.metrics.requestDone(0, 2);
    broker.metrics.connectionOpened();
    clock.nowMs += 2000;
    const first = feed.sample();
    assert.deepEqual(first, {
      timeMs: 12_000,
      messagesInPerSec: 5,
      bytesInPerSec: 500,
      messagesOutPerSec: 2,
      bytesOutPerSec: 200,
      connections: 1,
      // Estimated from the (1, 2.5] ms bucket: p50 interpolated, p99 capped at the largest.
      latency: [{ api: "Produce", p50Ms: 1.75, p99Ms: 2, count: 2 }],
      memory: {
        usedBytes: broker.store.pool.usedBytes,
        limitBytes: broker.store.pool.limitBytes,
        freeSegments: broker.store.pool.freeSegments,
      },
      disk: { walDiskBytes: 0, spilledBytesPerSec: 0, walReadBytesPerSec: 0 },
    });
    // Nothing happened since: zero rates, no latency entries.
    clock.nowMs += 1000;
    const second = feed.sample();
    assert.deepEqual(
      [second.messagesInPerSec, second.bytesOutPerSec, second.latency],
      [0, 0, []],
    );
    // A clock that did not move gives zero rates rather than a division by zero.
    broker.metrics.produced("t", 1, 100);
    assert.equal(feed.sample().messagesInPerSec, 0);
    assert.deepEqual(feed.history().map((f) => f.timeMs), [12_000, 13_000, 13_000]);
  } finally {
    broker.close();
  }
});

Deno.test("live feed: WAL bytes, spilled bytes/s and WAL read bytes/s over the interval", async () => {
  const clock = { nowMs: 50_000 };
  const broker = brokerAt(clock, true);
  try {
    const feed = new LiveFeed(broker);
    const log = broker.store.createTopic("t", "id-t", 1, {}, 0).partitions[0];
    const value = new Uint8Array(16 * 1024).fill(120);
    for (let i = 0; i < 100; i++) {
      const batch = buildBatch([{ key: null, value }], { nowMs: 0 });
      const h = readBatchHeader(batch);
      log.append(batch, { lastOffsetDelta: h.lastOffsetDelta, maxTimestampMs: h.maxTimestamp }, 0);
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await waitUntil(() => broker.store.diskStats().spilledBytesTotal > 0, 2000, "a spill");
    await waitUntil(() => !broker.store.diskStats().spilling, 2000, "spill steps done");
    clock.nowMs += 2000;
    const spilled = broker.store.diskStats();
    const first = feed.sample();
    assert.deepEqual(first.disk, {
      walDiskBytes: spilled.diskBytes,
      spilledBytesPerSec: spilled.spilledBytesTotal / 2,
      walReadBytesPerSec: 0,
    });
    assert.ok(first.disk.walDiskBytes >= spilled.spilledBytesTotal);
    // Reading the oldest batches back comes from the WAL; nothing more spilled.
    assert.equal(log.inMemory(0), false);
    const readBytes = log.read(0, 64 * 1024).reduce((n, b) => n + b.length, 0);
    assert.ok(readBytes > 0);
    clock.nowMs += 4000;
    const second = feed.sample();
    const after = broker.store.diskStats();
    assert.ok(after.walReadBytesTotal - spilled.walReadBytesTotal >= readBytes);
    assert.deepEqual(second.disk, {
      walDiskBytes: after.diskBytes,
      spilledBytesPerSec: 0,
      walReadBytesPerSec: (after.walReadBytesTotal - spilled.walReadBytesTotal) / 4,
    });
  } finally {
    broker.close();
    await broker.store.close();
  }
});

Deno.test("live feed: history keeps the last 300 samples, oldest first, as a copy", () => {
  const clock = { nowMs: 0 };
  const broker = brokerAt(clock);
  try {
    const feed = new LiveFeed(broker);
    for (let i = 1; i <= LIVE_HISTORY_LENGTH + 5; i++) {
      clock.nowMs = i * 1000;
      feed.sample();
    }
    const history = feed.history();
    assert.equal(history.length, LIVE_HISTORY_LENGTH);
    assert.equal(history[0].timeMs, 6000);
    assert.equal(history[history.length - 1].timeMs, (LIVE_HISTORY_LENGTH + 5) * 1000);
    history.length = 0;
    assert.equal(feed.history().length, LIVE_HISTORY_LENGTH);
  } finally {
    broker.close();
  }
});

Deno.test("live feed: subscribers get every sample; a failing one does not stop the others", () => {
  const clock = { nowMs: 0 };
  const broker = brokerAt(clock);
  try {
    const feed = new LiveFeed(broker);
    const seen: number[] = [];
    feed.subscribe(() => {
      throw new Error("stream closed");
    });
    const unsubscribe = feed.subscribe((f) => seen.push(f.timeMs));
    clock.nowMs = 1000;
    feed.sample();
    unsubscribe();
    clock.nowMs = 2000;
    feed.sample();
    assert.deepEqual(seen, [1000]);
  } finally {
    broker.close();
  }
});

Deno.test("live feed: start samples on its interval until stop", async () => {
  const broker = brokerAt({ nowMs: 0 });
  const feed = new LiveFeed(broker, 5);
  try {
    const got: LiveFigures[] = [];
    feed.subscribe((f) => got.push(f));
    feed.start();
    feed.start(); // a second start does not add a second timer
    await waitUntil(() => got.length >= 3, 2000, "three samples");
    feed.stop();
    const count = got.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(got.length, count);
    assert.throws(() => new LiveFeed(broker, 0), /intervalMs/);
  } finally {
    feed.stop();
    broker.close();
  }
});
