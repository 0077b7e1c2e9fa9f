/**
 * The Prometheus exposition of a running broker: exact counter values after produces and
 * fetches over a raw Kafka connection, retention and purge activity, consumer lag, the disk tier
 * after a spill (and reads from it), compaction, recovery after a restart with a torn WAL tail,
 * and `promtool check metrics` (Debian package `prometheus`) finding nothing to complain about.
 */
import assert from "node:assert/strict";
import { FetchRequest, FetchResponse } from "../broker/messages/fetch.ts";
import { ProduceRequest, ProduceResponse } from "../broker/messages/produce.ts";
import { renderPrometheus } from "../console/metrics/prometheus.ts";
import { crc32cBackend } from "../broker/records/crc32c.ts";
import { BLINK_VERSION } from "../broker/version.ts";
import { buildBatch } from "../broker/records/record_codec.ts";
import {
  freshStorageDir,
  hasCommand,
  startTestBroker,
  uniqueTopic,
  withBroker,
} from "./helpers/broker.ts";
import { RawClient } from "./helpers/raw_client.ts";
import { batchOf, fetchRequest, produceRequest } from "./helpers/requests.ts";
import { produceUntilSpilled } from "./helpers/spill.ts";
import { waitUntil } from "./helpers/wait_until.ts";

async function produce(c: RawClient, topic: string, batch: Uint8Array) {
  const r = await c.request(ProduceRequest, ProduceResponse, 8, produceRequest(topic, 0, batch));
  assert.equal(r.responses[0].partitionResponses[0].errorCode, 0);
}

async function fetchFrom(c: RawClient, topic: string, offset: number, partition = 0) {
  const r = await c.request(
    FetchRequest,
    FetchResponse,
    11,
    fetchRequest(topic, partition, offset),
  );
  assert.equal(r.responses[0].partitions[0].errorCode, 0);
}

/** Sample lines by series (`name{labels}` as written) -> value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

function valueOf(text: string, series: string): number {
  const value = samples(text).get(series);
  assert(value !== undefined, `no sample ${series} in:\n${text}`);
  return value;
}

async function promtoolProblems(text: string): Promise<string> {
  const child = new Deno.Command("promtool", {
    args: ["check", "metrics"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const { success, stdout, stderr } = await child.output();
  const dec = new TextDecoder();
  const problems = (dec.decode(stdout) + dec.decode(stderr)).trim();
  return success ? problems : `exit failure: ${problems}`;
}

Deno.test("prometheus: exact traffic, request and partition figures after produce and fetch", async () => {
  await withBroker({}, async (b) => {
    b.broker.createTopic("traffic", 1, {});
    const first = batchOf("a", "b", "c");
    const second = batchOf("d", "e");
    const batchBytes = first.length + second.length;
    const c = await RawClient.connect(b.port);
    try {
      await produce(c, "traffic", first);
      await produce(c, "traffic", second);
      // acks=0: no response, the request still counts.
      await c.send(ProduceRequest, 8, produceRequest("traffic", 0, batchOf("f"), 0));
      await waitUntil(() => b.broker.store.partition("traffic", 0)!.nextOffset === 6, 2000, "f");
      await fetchFrom(c, "traffic", 1); // whole batches: all three
      await fetchFrom(c, "traffic", 6); // at the end: nothing returned, nothing counted
      const allBytes = batchBytes + batchOf("f").length;

      const text = renderPrometheus(b.broker);
      const v = (series: string) => valueOf(text, series);
      assert.equal(v('blink_requests_total{api="Produce"}'), 3);
      assert.equal(v('blink_requests_total{api="Fetch"}'), 2);
      assert.equal(v('blink_requests_total{api="Metadata"}'), 0);
      assert.equal(v('blink_request_duration_seconds_count{api="Produce"}'), 3);
      assert.equal(v('blink_request_duration_seconds_bucket{api="Produce",le="+Inf"}'), 3);
      assert(v('blink_request_duration_seconds_sum{api="Produce"}') > 0);
      assert.equal(v('blink_messages_in_total{topic="traffic"}'), 6);
      assert.equal(v('blink_bytes_in_total{topic="traffic"}'), allBytes);
      assert.equal(v('blink_messages_out_total{topic="traffic"}'), 6);
      assert.equal(v('blink_bytes_out_total{topic="traffic"}'), allBytes);
      assert.equal(v("blink_connections"), 1);
      assert.equal(v('blink_partition_log_start_offset{topic="traffic",partition="0"}'), 0);
      assert.equal(v('blink_partition_log_end_offset{topic="traffic",partition="0"}'), 6);
      assert.equal(v('blink_partition_size_bytes{topic="traffic",partition="0"}'), allBytes);
      assert.equal(v("blink_in_memory_queue_size_bytes"), allBytes);
      assert.equal(v("blink_spilled_bytes"), 0);
      assert.equal(v("blink_spilled_batches"), 0);
      assert.equal(v("blink_memory_high_water_bytes"), Math.floor(0.8 * 256 * 1024 * 1024));
      assert.equal(v("blink_memory_pool_limit_bytes"), b.broker.store.pool.limitBytes);
      assert.equal(v("blink_memory_pool_used_bytes"), b.broker.settings.segmentSizeBytes);
      assert.equal(v("blink_retention_freed_bytes_total"), 0);
      assert.equal(v("blink_purged_bytes_total"), 0);
      assert.equal(
        v(`blink_build_info{version="${BLINK_VERSION}",crc32c="${crc32cBackend.name}"}`),
        1,
      );
      const startS = v("process_start_time_seconds");
      assert(startS > 1.6e9 && startS <= Date.now() / 1000, `process start ${startS}`);
      assert.deepEqual(b.broker.metrics.totals(), {
        messagesIn: 6,
        bytesIn: allBytes,
        messagesOut: 6,
        bytesOut: allBytes,
        retentionFreedBytes: 0,
        purgedBytes: 0,
      });
    } finally {
      c.close();
    }
    await waitUntil(() => b.broker.metrics.connections === 0, 2000, "connection closed");
    assert.equal(valueOf(renderPrometheus(b.broker), "blink_connections"), 0);
  });
});

Deno.test("prometheus: retention and purge_on_fetch free bytes, counted once", async () => {
  await withBroker({ purgeOnFetch: true }, async (b) => {
    b.broker.createTopic("purged", 1, {});
    b.broker.createTopic("trimmed", 1, { "retention.bytes": "0" });
    const purgedBatch = batchOf("one", "two");
    const trimmedBatch = batchOf("three");
    const c = await RawClient.connect(b.port);
    try {
      await produce(c, "purged", purgedBatch);
      await produce(c, "trimmed", trimmedBatch);
      await fetchFrom(c, "purged", 0);
    } finally {
      c.close();
    }
    // Group-aware purge: a commit drops what every consuming group has committed past.
    b.broker.createTopic("committed", 1, {});
    const committedBatch = batchOf("x", "y");
    const c2 = await RawClient.connect(b.port);
    try {
      await produce(c2, "committed", committedBatch);
    } finally {
      c2.close();
    }
    b.broker.groups.offsets.commit("g", "committed", 0, {
      offset: 2,
      leaderEpoch: -1,
      metadata: null,
      commitTimestampMs: 0,
    });
    b.broker.onOffsetsCommitted("g");
    b.broker.enforceRetention();
    b.broker.enforceRetention(); // nothing left to free: no double count
    const text = renderPrometheus(b.broker);
    assert.equal(
      valueOf(text, "blink_purged_bytes_total"),
      purgedBatch.length + committedBatch.length,
    );
    assert.equal(valueOf(text, "blink_retention_freed_bytes_total"), trimmedBatch.length);
    assert.equal(
      valueOf(text, 'blink_partition_log_start_offset{topic="purged",partition="0"}'),
      2,
    );
    assert.equal(valueOf(text, 'blink_partition_size_bytes{topic="trimmed",partition="0"}'), 0);
    assert.equal(valueOf(text, "blink_in_memory_queue_size_bytes"), 0);
  });
});

Deno.test("prometheus: consumer lag per committed partition, group ids escaped", async () => {
  await withBroker({}, async (b) => {
    b.broker.createTopic("lagging", 2, {});
    const c = await RawClient.connect(b.port);
    try {
      await produce(c, "lagging", batchOf("a", "b", "c", "d"));
    } finally {
      c.close();
    }
    const offsets = b.broker.groups.offsets;
    const committed = (offset: number) => ({
      offset,
      leaderEpoch: -1,
      metadata: null,
      commitTimestampMs: 0,
    });
    offsets.commit('odd "group"\n\\', "lagging", 0, committed(1));
    offsets.commit("plain", "lagging", 0, committed(4));
    offsets.commit("plain", "lagging", 1, committed(0));
    offsets.commit("plain", "gone", 0, committed(3)); // no such partition: no series
    const text = renderPrometheus(b.broker);
    assert.equal(
      valueOf(
        text,
        'blink_consumer_group_lag{group="odd \\"group\\"\\n\\\\",topic="lagging",partition="0"}',
      ),
      3,
    );
    assert.equal(
      valueOf(text, 'blink_consumer_group_lag{group="plain",topic="lagging",partition="0"}'),
      0,
    );
    assert.equal(
      valueOf(text, 'blink_consumer_group_lag{group="plain",topic="lagging",partition="1"}'),
      0,
    );
    assert(!text.includes('topic="gone"'));
  });
});

/** The disk-tier, compaction and recovery families: every one a single unlabelled sample. */
const TIER_FAMILIES: [string, "gauge" | "counter"][] = [
  ["blink_wal_disk_bytes", "gauge"],
  ["blink_wal_disk_limit_bytes", "gauge"],
  ["blink_wal_segments", "gauge"],
  ["blink_spilled_bytes", "gauge"],
  ["blink_spilled_batches", "gauge"],
  ["blink_spill_batches_total", "counter"],
  ["blink_spill_bytes_total", "counter"],
  ["blink_wal_read_bytes_total", "counter"],
  ["blink_wal_reads_total", "counter"],
  ["blink_wal_written_bytes_total", "counter"],
  ["blink_wal_segments_deleted_total", "counter"],
  ["blink_wal_fsyncs_total", "counter"],
  ["blink_compaction_runs_total", "counter"],
  ["blink_compaction_records_removed_total", "counter"],
  ["blink_compaction_tombstones_removed_total", "counter"],
  ["blink_recovery_duration_seconds", "gauge"],
  ["blink_recovery_truncated_bytes", "gauge"],
  ["blink_memory_high_water_bytes", "gauge"],
];

Deno.test("prometheus: the disk tier after a spill, reads from it, and compaction", async () => {
  await withBroker(
    {
      maxMemoryBytes: 4 * 1024 * 1024,
      segmentSizeBytes: 256 * 1024,
      walSegmentSizeBytes: 1024 * 1024,
      spillHighWaterPercent: 50,
    },
    async (b) => {
      const topic = uniqueTopic("spill");
      b.broker.createTopic(topic, 2, {});
      const produced = await produceUntilSpilled(b, topic, { partitions: 2 });
      const c = await RawClient.connect(b.port);
      try {
        await fetchFrom(c, topic, 0, 0); // the oldest batches: read back from the WAL
        // Compaction: a superseded record and an expired tombstone go.
        b.broker.createTopic("compacted", 1, {
          "cleanup.policy": "compact",
          "delete.retention.ms": "0",
        });
        const enc = new TextEncoder();
        const rec = (key: string, value: string | null) => ({
          key: enc.encode(key),
          value: value === null ? null : enc.encode(value),
        });
        await produce(c, "compacted", buildBatch([rec("k1", "a"), rec("k2", null)]));
        await produce(c, "compacted", buildBatch([rec("k1", "b")]));
      } finally {
        c.close();
      }
      await new Promise((resolve) => setTimeout(resolve, 5)); // the tombstone's age > 0 ms
      b.broker.compactTopics();

      // Read together, in one turn of the event loop, so a spill step cannot run in between.
      const text = renderPrometheus(b.broker);
      const disk = b.broker.store.diskStats();
      const v = (series: string) => valueOf(text, series);
      let memoryBytes = 0;
      let spilledBytes = 0;
      let spilledBatches = 0;
      let heldBytes = 0;
      for (const t of b.broker.store.topics()) {
        for (const log of t.partitions) {
          memoryBytes += log.memorySizeBytes;
          spilledBytes += log.spilledSizeBytes;
          spilledBatches += log.spilledBatchCount;
          heldBytes += log.sizeBytes;
        }
      }
      for (const [name, type] of TIER_FAMILIES) {
        assert.ok(text.includes(`# TYPE ${name} ${type}\n`), `${name} is a ${type}`);
        assert.match(text, new RegExp(`^# HELP ${name} \\S`, "m"), `${name} has HELP text`);
      }
      assert.equal(v("blink_memory_high_water_bytes"), 2 * 1024 * 1024);
      assert.equal(v("blink_wal_disk_bytes"), disk.diskBytes);
      assert.ok(disk.diskBytes >= disk.spilledBytesTotal);
      assert.equal(v("blink_wal_disk_limit_bytes"), b.broker.settings.maxDiskBytes);
      assert.equal(v("blink_wal_segments"), disk.walSegments.length);
      assert.ok(disk.walSegments.length >= 2, "1 MiB files hold the spilled ~16 MiB");
      assert.ok(spilledBatches > 0 && spilledBytes > 0);
      assert.equal(v("blink_spilled_bytes"), spilledBytes);
      assert.equal(v("blink_spilled_batches"), spilledBatches);
      assert.equal(v("blink_in_memory_queue_size_bytes"), memoryBytes);
      assert.equal(memoryBytes + spilledBytes, heldBytes);
      assert.ok(heldBytes > produced.bytes, "the compacted topic's batches too");
      // Nothing spilled was deleted or read back into memory.
      assert.equal(v("blink_spill_batches_total"), spilledBatches);
      assert.equal(v("blink_spill_bytes_total"), spilledBytes);
      assert.equal(v("blink_spill_batches_total"), disk.spilledBatchesTotal);
      assert.ok(v("blink_wal_reads_total") >= 1, "the fetch read the WAL");
      assert.equal(v("blink_wal_reads_total"), disk.walReadsTotal);
      assert.ok(v("blink_wal_read_bytes_total") > 0);
      assert.equal(v("blink_wal_read_bytes_total"), disk.walReadBytesTotal);
      assert.ok(v("blink_wal_written_bytes_total") >= disk.spilledBytesTotal);
      assert.equal(v("blink_wal_written_bytes_total"), disk.walWrittenBytesTotal);
      assert.equal(v("blink_wal_segments_deleted_total"), 0);
      assert.equal(v("blink_wal_fsyncs_total"), 0, "durability memory does not fsync");
      assert.equal(v("blink_compaction_runs_total"), 1);
      assert.equal(v("blink_compaction_records_removed_total"), 2);
      assert.equal(v("blink_compaction_tombstones_removed_total"), 1);
      assert.equal(v("blink_recovery_duration_seconds"), 0);
      assert.equal(v("blink_recovery_truncated_bytes"), 0);
      if (hasCommand("promtool")) assert.equal(await promtoolProblems(text), "");
    },
  );
});

Deno.test("prometheus: recovery duration and the torn WAL tail cut at a restart", async () => {
  const dir = freshStorageDir();
  const overrides = {
    durability: "sync" as const,
    recordStoragePath: dir,
    maxMemoryBytes: 8 * 1024 * 1024,
  };
  const first = startTestBroker(overrides);
  try {
    first.broker.createTopic("durable", 1, {});
    const c = await RawClient.connect(first.port);
    try {
      for (let i = 0; i < 3; i++) await produce(c, "durable", batchOf(`r${i}`));
    } finally {
      c.close();
    }
    const text = renderPrometheus(first.broker);
    assert.ok(valueOf(text, "blink_wal_fsyncs_total") >= 1, "sync mode fsyncs every produce");
    assert.equal(valueOf(text, "blink_recovery_truncated_bytes"), 0);
  } finally {
    await first.stop();
  }
  const walDir = `${dir}/wal`;
  const files = [...Deno.readDirSync(walDir)].map((e) => e.name).filter((n) => n.endsWith(".wal"))
    .sort();
  const torn = new Uint8Array(23).fill(0x41);
  Deno.writeFileSync(`${walDir}/${files.at(-1)}`, torn, { append: true });
  const second = startTestBroker(overrides);
  try {
    const text = renderPrometheus(second.broker);
    const recovery = second.broker.store.recovery!;
    assert.equal(recovery.batches, 3);
    assert.equal(valueOf(text, "blink_recovery_duration_seconds"), recovery.durationMs / 1000);
    assert.ok(valueOf(text, "blink_recovery_duration_seconds") > 0);
    assert.equal(valueOf(text, "blink_recovery_truncated_bytes"), torn.length);
    assert.equal(valueOf(text, "blink_spilled_batches"), 3, "recovered batches stay on disk");
    if (hasCommand("promtool")) assert.equal(await promtoolProblems(text), "");
  } finally {
    await second.stop();
  }
});

Deno.test({
  name: "prometheus: promtool check metrics finds nothing to complain about",
  ignore: !hasCommand("promtool"),
  fn: async () => {
    await withBroker({}, async (b) => {
      b.broker.createTopic("linted", 3, {});
      const c = await RawClient.connect(b.port);
      try {
        await produce(c, "linted", batchOf("x", "y"));
        await fetchFrom(c, "linted", 0);
        b.broker.groups.offsets.commit('quote"d\ngroup', "linted", 0, {
          offset: 1,
          leaderEpoch: -1,
          metadata: null,
          commitTimestampMs: 0,
        });
        const text = renderPrometheus(b.broker);
        assert.equal(await promtoolProblems(text), "");
        // Every family has HELP and TYPE.
        const helped = text.match(/^# HELP \S+/gm)!.map((l) => l.slice(7));
        const typed = text.match(/^# TYPE \S+/gm)!.map((l) => l.slice(7));
        assert.deepEqual(helped, typed);
        for (const name of samples(text).keys()) {
          const family = name.replace(/\{.*$/, "").replace(/_(bucket|sum|count)$/, "");
          assert(
            typed.includes(family) || typed.includes(name.replace(/\{.*$/, "")),
            `${name} has no TYPE`,
          );
        }
      } finally {
        c.close();
      }
    });
  },
});
