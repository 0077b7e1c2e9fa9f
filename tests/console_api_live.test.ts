/**
 * The admin API's broker-wide views: the overview, memory and the disk tier (after a spill and
 * after a recovery), settings with their sources, and the live figures (the server-sent-event
 * stream and the history endpoint).
 */
import assert from "node:assert/strict";
import { startBlink } from "../main.ts";
import {
  freshStorageDir,
  startTestBroker,
  testSettings,
  uniqueTopic,
  withBroker,
} from "./helpers/broker.ts";
import { ConsoleHttp } from "./helpers/console_http.ts";
import { RawClient } from "./helpers/raw_client.ts";
import { produceUntilSpilled } from "./helpers/spill.ts";
import { waitUntil } from "./helpers/wait_until.ts";
import { createLogger } from "../broker/settings/log.ts";
import { SETTING_SPECS } from "../broker/settings/schema.ts";
import { BLINK_VERSION } from "../broker/version.ts";

const LIVE_FIGURE_KEYS = [
  "bytesInPerSec",
  "bytesOutPerSec",
  "connections",
  "disk",
  "latency",
  "memory",
  "messagesInPerSec",
  "messagesOutPerSec",
  "timeMs",
];

Deno.test("the overview counts topics, partitions, groups, records, bytes and connections", () =>
  withBroker({ maxMemoryBytes: 64 * 1024 * 1024, spillHighWaterPercent: 60 }, async (b) => {
    const http = new ConsoleHttp(b.restPort);
    const one = uniqueTopic("ov");
    const two = uniqueTopic("ov");
    b.broker.createTopic(one, 1, {});
    b.broker.createTopic(two, 2, {});
    for (const [topic, partition] of [[one, 0], [two, 0], [two, 1], [two, 1]] as const) {
      await http.post("/produce", { topic, partition, value: "abc" });
    }
    b.broker.store.partition(two, 1)!.deleteBefore(1);
    b.broker.groups.commit("g1", {
      topic: one,
      partition: 0,
      offset: 1,
      leaderEpoch: -1,
      metadata: "",
    });
    const client = await RawClient.connect(b.port);
    try {
      await waitUntil(() => b.broker.metrics.connections === 1, 2000, "connection counted");
      const r = await http.get("/api/overview");
      assert.equal(r.status, 200);
      const { uptimeMs, ...brokerRest } = r.json.broker;
      assert.ok(uptimeMs >= 0 && uptimeMs < 60_000, `uptime ${uptimeMs}`);
      assert.deepEqual(brokerRest, {
        name: "blink-deno",
        version: BLINK_VERSION,
        clusterId: b.broker.clusterId,
        nodeId: 0,
        kafkaHost: "localhost",
        kafkaPorts: [b.port],
        restPort: b.restPort,
        connections: 1,
      });
      let bytes = 0;
      for (const t of b.broker.store.topics()) for (const p of t.partitions) bytes += p.sizeBytes;
      assert.deepEqual({ ...r.json, broker: undefined }, {
        broker: undefined,
        memory: {
          // The small batches of every partition share one segment.
          usedBytes: 1024 * 1024,
          limitBytes: 64 * 1024 * 1024,
          freeSegments: 63,
          segmentSizeBytes: 1024 * 1024,
          segmentCount: 64,
          // Test brokers do not prefault: only the segment used is committed.
          committedBytes: 1024 * 1024,
          // The tiering's mark: spill_high_water_percent of max_memory.
          highWaterMarkBytes: Math.floor(64 * 1024 * 1024 * 0.6),
        },
        topics: 2,
        partitions: 3,
        groups: 1,
        messages: 3,
        bytes,
      });
    } finally {
      client.close();
    }
  }));

Deno.test("the memory view shows the pool, bytes per topic and partition, and freed bytes", () =>
  withBroker(
    { maxMemoryBytes: 8 * 1024 * 1024, retentionCheckIntervalMs: 86_400_000 },
    async (b) => {
      const http = new ConsoleHttp(b.restPort);
      const kept = uniqueTopic("kept");
      const expiring = uniqueTopic("expiring");
      b.broker.createTopic(kept, 2, {});
      b.broker.createTopic(expiring, 1, { "retention.ms": "1" });
      await http.post("/produce", { topic: kept, partition: 1, value: "x".repeat(100) });
      await http.post("/produce", { topic: expiring, value: "y" });
      const expiredBytes = b.broker.store.partition(expiring, 0)!.sizeBytes;
      await new Promise((resolve) => setTimeout(resolve, 5));
      assert.deepEqual((await http.post("/purge")).json, { freedBytes: expiredBytes });
      const keptBytes = b.broker.store.partition(kept, 1)!.sizeBytes;
      const r = await http.get("/api/memory");
      assert.equal(r.status, 200);
      const mib = 1024 * 1024;
      const empty = { bytes: 0, batches: 0, memoryBytes: 0, spilledBatches: 0, spilledBytes: 0 };
      const topics = [
        {
          name: kept,
          bytes: keptBytes,
          memoryBytes: keptBytes,
          spilledBatches: 0,
          spilledBytes: 0,
          partitions: [
            { index: 0, ...empty, logStartOffset: 0, nextOffset: 0 },
            {
              index: 1,
              bytes: keptBytes,
              batches: 1,
              memoryBytes: keptBytes,
              spilledBatches: 0,
              spilledBytes: 0,
              logStartOffset: 0,
              nextOffset: 1,
            },
          ],
        },
        {
          name: expiring,
          bytes: 0,
          memoryBytes: 0,
          spilledBatches: 0,
          spilledBytes: 0,
          partitions: [{ index: 0, ...empty, logStartOffset: 1, nextOffset: 1 }],
        },
      ].sort((x, y) => x.name.localeCompare(y.name));
      assert.deepEqual(r.json, {
        pool: {
          // Both topics' batches shared one segment; the kept batch still holds it.
          usedBytes: mib,
          limitBytes: 8 * mib,
          freeSegments: 7,
          segmentSizeBytes: mib,
          segmentCount: 8,
          committedBytes: mib,
          highWaterMarkBytes: Math.floor(8 * mib * 0.8),
        },
        disk: {
          durability: "memory",
          path: b.broker.settings.recordStoragePath,
          highWaterBytes: Math.floor(8 * mib * 0.8),
          diskBytes: 0,
          maxDiskBytes: b.broker.settings.maxDiskBytes,
          walSegments: [],
          walSegmentSizeBytes: b.broker.settings.walSegmentSizeBytes,
          spilling: false,
          spilledBatchesTotal: 0,
          spilledBytesTotal: 0,
          spillStepsTotal: 0,
          spillFailuresTotal: 0,
          lastSpillAtMs: 0,
          walReadsTotal: 0,
          walReadBytesTotal: 0,
          walWrittenBytesTotal: 0,
          walSegmentsDeletedTotal: 0,
          fsyncsTotal: 0,
          lastFsyncDurationMs: 0,
          recovery: null,
        },
        topics,
        compaction: {
          runsTotal: 0,
          partitionsCompactedTotal: 0,
          recordsRemovedTotal: 0,
          tombstonesRemovedTotal: 0,
          bytesBeforeTotal: 0,
          bytesAfterTotal: 0,
          lastRunAtMs: 0,
          lastRunDurationMs: 0,
          failuresTotal: 0,
        },
        activity: {
          retentionFreedBytes: expiredBytes,
          purgedBytes: 0,
          retentionMs: 3_600_000,
          purgeOnFetch: false,
          spilling: false,
          spillStepsTotal: 0,
          spilledBatchesTotal: 0,
          spilledBytesTotal: 0,
          lastSpillAtMs: 0,
          recoveredAtMs: null,
        },
      });
    },
  ));

Deno.test("the memory view shows spilled batches per partition and the disk tier after a spill", () =>
  withBroker(
    {
      maxMemoryBytes: 4 * 1024 * 1024,
      segmentSizeBytes: 256 * 1024,
      walSegmentSizeBytes: 2 * 1024 * 1024,
      spillHighWaterPercent: 50,
    },
    async (b) => {
      const http = new ConsoleHttp(b.restPort);
      const topic = uniqueTopic("spilled");
      b.broker.createTopic(topic, 2, {});
      const startedMs = Date.now();
      const produced = await produceUntilSpilled(b, topic, { partitions: 2 });
      // Compaction runs (nothing to compact here) show up as they are.
      b.broker.compactTopics();
      const r = await http.get("/api/memory");
      assert.equal(r.status, 200);
      const { pool, disk, topics, compaction, activity } = r.json;

      // The mark comes from the tiering (spill_high_water_percent 50), not a fixed 80%.
      assert.equal(pool.highWaterMarkBytes, 2 * 1024 * 1024);
      assert.equal(disk.highWaterBytes, 2 * 1024 * 1024);
      assert.ok(pool.usedBytes <= pool.limitBytes);

      assert.equal(disk.durability, "memory");
      assert.equal(disk.path, b.broker.settings.recordStoragePath);
      assert.equal(disk.maxDiskBytes, b.broker.settings.maxDiskBytes);
      assert.equal(disk.walSegmentSizeBytes, 2 * 1024 * 1024);
      assert.ok(disk.spilledBatchesTotal > 0 && disk.spilledBytesTotal > 0, "spilled");
      assert.ok(disk.spillStepsTotal > 0);
      assert.ok(disk.lastSpillAtMs >= startedMs && disk.lastSpillAtMs <= Date.now());
      assert.ok(disk.walSegments.length >= 2, `several files: ${JSON.stringify(disk.walSegments)}`);
      let segmentBytes = 0;
      let liveBatches = 0;
      for (const s of disk.walSegments) {
        assert.deepEqual(Object.keys(s).sort(), ["liveBatches", "seq", "sizeBytes"]);
        segmentBytes += s.sizeBytes;
        liveBatches += s.liveBatches;
      }
      assert.equal(segmentBytes, disk.diskBytes);
      assert.ok(disk.diskBytes >= disk.spilledBytesTotal, "every spilled byte is on disk");
      assert.ok(disk.walWrittenBytesTotal > 0);
      assert.equal(disk.recovery, null);

      // Per partition: memory + disk-only = all; the topic row sums its partitions.
      assert.equal(topics.length, 1);
      const [t] = topics;
      assert.equal(t.name, topic);
      let spilledBatches = 0;
      let spilledBytes = 0;
      for (const p of t.partitions) {
        const log = b.broker.store.partition(topic, p.index)!;
        assert.ok(p.spilledBatches > 0, `partition ${p.index} spilled`);
        assert.ok(p.memoryBytes > 0, `partition ${p.index} keeps its newest batches in memory`);
        assert.equal(p.memoryBytes + p.spilledBytes, p.bytes);
        assert.equal(p.bytes, log.sizeBytes);
        assert.equal(p.batches, log.batchCount);
        spilledBatches += p.spilledBatches;
        spilledBytes += p.spilledBytes;
      }
      const sum = (k: string) => t.partitions.reduce((n: number, p: any) => n + p[k], 0);
      assert.equal(t.bytes, produced.bytes);
      assert.equal(t.bytes, sum("bytes"));
      assert.equal(t.memoryBytes, sum("memoryBytes"));
      assert.equal(t.spilledBatches, spilledBatches);
      assert.equal(t.spilledBytes, spilledBytes);
      assert.equal(sum("batches"), produced.batches);
      // Nothing was deleted or read back: what spilled is what is held on disk only.
      assert.equal(spilledBatches, disk.spilledBatchesTotal);
      assert.equal(spilledBytes, disk.spilledBytesTotal);
      assert.ok(liveBatches >= spilledBatches);

      assert.deepEqual(activity, {
        retentionFreedBytes: 0,
        purgedBytes: 0,
        retentionMs: 3_600_000,
        purgeOnFetch: false,
        spilling: disk.spilling,
        spillStepsTotal: disk.spillStepsTotal,
        spilledBatchesTotal: disk.spilledBatchesTotal,
        spilledBytesTotal: disk.spilledBytesTotal,
        lastSpillAtMs: disk.lastSpillAtMs,
        recoveredAtMs: null,
      });
      assert.equal(compaction.runsTotal, 1);
      assert.deepEqual(compaction, { ...b.broker.compactor.stats });
    },
  ));

Deno.test("after a restart the memory view shows the recovery, with a torn WAL tail cut", async () => {
  const dir = freshStorageDir();
  const overrides = {
    durability: "async" as const,
    recordStoragePath: dir,
    maxMemoryBytes: 8 * 1024 * 1024,
  };
  const topic = uniqueTopic("recovered");
  const first = startTestBroker(overrides);
  try {
    const http = new ConsoleHttp(first.restPort);
    first.broker.createTopic(topic, 1, {});
    for (let i = 0; i < 3; i++) await http.post("/produce", { topic, value: `v${i}` });
    const before = (await http.get("/api/memory")).json;
    assert.equal(before.disk.durability, "async");
    assert.equal(before.disk.recovery.batches, 0, "the first start recovers nothing");
    assert.equal(before.disk.recovery.wal.truncated, null);
  } finally {
    await first.stop();
  }
  // A torn write: half an entry after the last good one.
  const walDir = `${dir}/wal`;
  const files = [...Deno.readDirSync(walDir)].map((e) => e.name).filter((n) => n.endsWith(".wal"))
    .sort();
  assert.ok(files.length > 0, "the WAL has files");
  const torn = new Uint8Array(10).fill(0x7f);
  Deno.writeFileSync(`${walDir}/${files.at(-1)}`, torn, { append: true });

  const second = startTestBroker(overrides);
  try {
    const http = new ConsoleHttp(second.restPort);
    const r = await http.get("/api/memory");
    const { disk, activity, topics } = r.json;
    assert.equal(disk.recovery.batches, 3);
    assert.equal(disk.recovery.topics, 1);
    assert.ok(disk.recovery.durationMs >= 0);
    assert.ok(disk.recovery.walBytes > 0);
    assert.equal(disk.recovery.wal.truncated.droppedBytes, torn.length);
    assert.equal(typeof disk.recovery.wal.truncated.reason, "string");
    assert.equal(activity.recoveredAtMs, second.broker.metrics.startedAtMs);
    // Recovered batches stay on disk until read.
    assert.equal(topics[0].name, topic);
    assert.equal(topics[0].spilledBatches, 3);
    assert.equal(topics[0].memoryBytes, 0);
  } finally {
    await second.stop();
  }
});

Deno.test("settings show every effective value with its source; the token is masked", async () => {
  const settings = testSettings({ maxMemoryBytes: 32 * 1024 * 1024, consoleToken: "hush-123" });
  const running = startBlink(settings, createLogger("error"), {
    max_memory: "env",
    retention: "file",
    console_token: "file",
  });
  try {
    const http = new ConsoleHttp(running.restPort, { authorization: "Bearer hush-123" });
    const r = await http.get("/api/settings");
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.json,
      SETTING_SPECS.map((spec) => ({
        key: spec.key,
        value: spec.key === "console_token" ? "***" : settings[spec.field],
        source: ({ max_memory: "env", retention: "file", console_token: "file" } as Record<
          string,
          string
        >)[spec.key] ?? "default",
      })),
    );
    assert.equal(
      r.json.find((e: { key: string }) => e.key === "max_memory")?.value,
      32 * 1024 * 1024,
    );
    assert.equal(r.text.includes("hush-123"), false);
    const version = await http.get("/version");
    assert.equal(version.json.settings.console_token, "***");
    assert.equal(version.text.includes("hush-123"), false);
  } finally {
    await running.stop();
  }
});

/** Reads server-sent events from `res` until `enough` says stop; returns them. */
async function readEvents(
  res: Response,
  enough: (events: { event: string; data: any }[]) => boolean,
): Promise<{ event: string; data: any }[]> {
  const events: { event: string; data: any }[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  try {
    while (!enough(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += value;
      let end: number;
      while ((end = buffered.indexOf("\n\n")) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
        const data = block.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6))
          .join("\n");
        events.push({ event, data: JSON.parse(data) });
      }
    }
  } finally {
    await reader.cancel();
  }
  return events;
}

Deno.test("the event stream sends the history, then live figures every second", () =>
  withBroker({}, async (b) => {
    const http = new ConsoleHttp(b.restPort);
    const topic = uniqueTopic("live");
    b.broker.createTopic(topic, 1, {});
    const res = await fetch(`${http.base}/api/events`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/event-stream");
    const producing = (async () => {
      for (let i = 0; i < 20; i++) await http.post("/produce", { topic, value: `m${i}` });
    })();
    const startedMs = Date.now();
    const events = await readEvents(
      res,
      (e) => e.some((x) => x.event === "figures" && x.data.messagesInPerSec > 0),
    );
    await producing;
    assert.ok(Date.now() - startedMs < 3500, "figures arrive within the second or two");
    assert.equal(events[0].event, "history");
    assert.ok(Array.isArray(events[0].data));
    const figures = events.filter((e) => e.event === "figures").map((e) => e.data);
    assert.ok(figures.length >= 1);
    const last = figures.at(-1);
    assert.deepEqual(Object.keys(last).sort(), LIVE_FIGURE_KEYS);
    assert.ok(last.messagesInPerSec > 0 && last.bytesInPerSec > 0);
    assert.deepEqual(last.memory, {
      usedBytes: b.broker.store.pool.usedBytes,
      limitBytes: b.broker.store.pool.limitBytes,
      freeSegments: b.broker.store.pool.freeSegments,
    });
    assert.deepEqual(last.disk, {
      walDiskBytes: b.broker.store.diskStats().diskBytes,
      spilledBytesPerSec: 0,
      walReadBytesPerSec: 0,
    });

    const history = await http.get("/api/metrics/history");
    assert.equal(history.status, 200);
    assert.ok(history.json.length >= figures.length);
    assert.deepEqual(Object.keys(history.json.at(-1)).sort(), LIVE_FIGURE_KEYS);
  }));

Deno.test("stopping the broker ends open event streams", async () => {
  const running = startBlink(testSettings(), createLogger("error"));
  const res = await fetch(`http://127.0.0.1:${running.restPort}/api/events`);
  const reader = res.body!.getReader();
  await reader.read(); // the history event
  const stopped = running.stop();
  while (!(await reader.read()).done) {
    // figures sent before the stream ended
  }
  await stopped;
});
