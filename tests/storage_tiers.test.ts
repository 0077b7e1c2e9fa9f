/**
 * The disk tier of LogStore without a network: spill past the high-water mark and reads from
 * the WAL, durable reopen (recovery), torn and corrupt WAL tails, disk cleanup by retention and
 * purge, max_disk, and compaction rewrites surviving a restart.
 */
import assert from "node:assert/strict";
import { LogStore, type LogStoreOptions } from "../storage/log_store.ts";
import { buildBatch } from "../broker/records/record_codec.ts";
import { readBatchHeader } from "../broker/records/batch_header.ts";
import { compactBatches } from "../broker/records/compact.ts";
import { MemoryFullError, type PartitionLog } from "../storage/partition_log.ts";
import { listSegments, segmentFileName } from "../storage/wal/wal.ts";
import { StorageLockedError } from "../storage/storage_lock.ts";
import { batchPrefixBytes, encodeTopicId, ENTRY_HEADER_BYTES } from "../storage/wal/entry.ts";
import { freshStorageDir } from "./helpers/broker.ts";

const KIB = 1024;
const encoder = new TextEncoder();

function openStore(dir: string, opts: Partial<LogStoreOptions> = {}): LogStore {
  return new LogStore({
    maxMemoryBytes: 256 * KIB,
    segmentSizeBytes: 64 * KIB,
    retentionMs: -1,
    storagePath: dir,
    walSegmentSizeBytes: 128 * KIB,
    ...opts,
  });
}

/** A valid batch of one record whose value is `text` padded to `sizeBytes`. */
function batchOf(text: string, sizeBytes = 1000, key: string | null = null): Uint8Array {
  const value = encoder.encode(text.padEnd(sizeBytes, "."));
  return buildBatch([{ key: key === null ? null : encoder.encode(key), value }], { nowMs: 1000 });
}

function append(log: PartitionLog, batch: Uint8Array, appendTimeMs = 0): number {
  const h = readBatchHeader(batch);
  return log.append(
    batch,
    { lastOffsetDelta: h.lastOffsetDelta, maxTimestampMs: h.maxTimestamp },
    appendTimeMs,
  );
}

/** Every batch of the log from its start, as copies. */
function readAll(log: PartitionLog): Uint8Array[] {
  return log.read(log.logStartOffset, Infinity).map((b) => b.slice());
}

/** The batch as stored: baseOffset patched, leader epoch zero. */
function asStored(batch: Uint8Array, baseOffset: number): Uint8Array {
  const out = batch.slice();
  new DataView(out.buffer).setBigInt64(0, BigInt(baseOffset));
  out.fill(0, 12, 16);
  return out;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("tiers: memory mode spills the oldest batches and serves them byte for byte", async () => {
  const store = openStore(freshStorageDir(), { maxMemoryBytes: 256 * KIB });
  const logs = store.createTopic("t", "id-t", 2, {}, 0).partitions;
  const written: Uint8Array[][] = [[], []];
  for (let i = 0; i < 400; i++) {
    const p = i % 2;
    const batch = batchOf(`message ${i}`);
    written[p].push(asStored(batch, append(logs[p], batch)));
    assert.ok(store.pool.usedBytes <= store.pool.limitBytes);
    if (i % 50 === 0) await tick(); // lets background spill steps run, as between requests
  }
  const disk = store.diskStats();
  assert.ok(disk.spilledBatchesTotal > 0, "something spilled");
  assert.ok(disk.diskBytes > 0);
  assert.ok(logs[0].spilledBatchCount > 0 && logs[1].spilledBatchCount > 0);
  for (const p of [0, 1]) assert.deepEqual(readAll(logs[p]), written[p]);
  // The first batch was the first to leave memory.
  assert.equal(logs[0].inMemory(0), false);
  assert.equal(logs[0].inMemory(logs[0].nextOffset - 1), true);
  await store.close();
});

Deno.test("tiers: a spill step stops at the low-water mark when batches leave segments part empty", async () => {
  // Batches just over half a segment: one per 64 KiB segment, so memory used (whole segments) is
  // nearly twice the bytes of the batches in it. The step must count what it frees, not what it
  // moves, or it empties memory.
  const store = openStore(freshStorageDir(), { maxMemoryBytes: 1024 * KIB });
  const logs = store.createTopic("t", "id-t", 2, {}, 0).partitions;
  for (let i = 0; i < 40; i++) {
    append(logs[i % 2], batchOf(`message ${i}`, 33 * 1024));
    await tick();
  }
  const tiering = store.tiering;
  assert.ok(store.diskStats().spilledBatchesTotal > 0, "something spilled");
  assert.ok(store.pool.usedBytes <= tiering.highWaterBytes);
  assert.ok(
    store.pool.usedBytes >= tiering.lowWaterBytes - store.pool.segmentSizeBytes,
    `memory kept down to the low-water mark: ${store.pool.usedBytes} of ${tiering.lowWaterBytes}`,
  );
  for (const log of logs) assert.ok(log.inMemory(log.nextOffset - 1), "newest batches stay");
  await store.close();
});

Deno.test("tiers: without a disk tier a full pool refuses, changing nothing", () => {
  const store = new LogStore({
    maxMemoryBytes: 64 * KIB,
    segmentSizeBytes: 64 * KIB,
    retentionMs: -1,
  });
  const log = store.createTopic("t", "id", 1, {}, 0).partitions[0];
  let stored = 0;
  assert.throws(() => {
    for (;;) {
      append(log, batchOf("x"));
      stored++;
    }
  }, MemoryFullError);
  assert.equal(log.batchCount, stored);
});

Deno.test("tiers: a reopened durable store has its topics, bounds and batches back", async () => {
  const dir = freshStorageDir();
  const store = openStore(dir, { durability: "async" });
  const [a0, a1] = store.createTopic("a", "id-a", 1, { "retention.ms": "5000" }, 42).partitions
    .concat(store.createTopic("b", "id-b", 1, {}, 43).partitions);
  store.addPartitions("b", 2);
  const written: Uint8Array[] = [];
  for (let i = 0; i < 300; i++) {
    written.push(asStored(batchOf(`a${i}`), append(a0, batchOf(`a${i}`))));
  }
  append(a1, batchOf("b0"));
  a0.deleteBefore(100); // DeleteRecords: recovery must not bring these back
  store.deleteTopic("b");
  store.createTopic("b", "id-b2", 1, {}, 44);
  await store.close();

  const again = openStore(dir, { durability: "async" });
  assert.equal(again.recovery?.wal.truncated, null);
  assert.deepEqual([...again.topics()].map((t) => [t.name, t.id, t.partitions.length]), [
    ["a", "id-a", 1],
    ["b", "id-b2", 1],
  ]);
  assert.equal(again.topic("a")!.configs["retention.ms"], "5000");
  assert.equal(again.topic("a")!.createdAtMs, 42);
  const log = again.partition("a", 0)!;
  assert.equal(log.logStartOffset, 100);
  assert.equal(log.nextOffset, 300);
  assert.deepEqual(readAll(log), written.slice(100));
  assert.equal(again.partition("b", 0)!.nextOffset, 0, "the deleted topic's batch stays gone");
  // Appends continue after the recovered offsets.
  assert.equal(append(log, batchOf("after")), 300);
  await again.close();
});

Deno.test("tiers: emptied partitions keep their next offset across a restart", async () => {
  const dir = freshStorageDir();
  const store = openStore(dir, { durability: "async" });
  const log = store.createTopic("t", "id", 1, {}, 0).partitions[0];
  for (let i = 0; i < 10; i++) append(log, batchOf(`m${i}`), i);
  log.expireAppendedBefore(100);
  assert.equal(log.batchCount, 0);
  await store.close();
  const again = openStore(dir, { durability: "async" });
  assert.equal(again.partition("t", 0)!.nextOffset, 10);
  assert.equal(again.partition("t", 0)!.logStartOffset, 10);
  await again.close();
});

for (
  const [damage, cut] of [
    [
      "cut in half",
      (bytes: Uint8Array, lastEntryAt: number) =>
        bytes.subarray(0, lastEntryAt + (bytes.length - lastEntryAt) / 2),
    ],
    ["with a flipped byte", (bytes: Uint8Array, lastEntryAt: number) => {
      const out = bytes.slice();
      out[lastEntryAt + Math.floor((bytes.length - lastEntryAt) * 0.7)] ^= 0x40;
      return out;
    }],
  ] as const
) {
  Deno.test(`tiers: a WAL whose last entry is ${damage} is truncated and reported`, async () => {
    const dir = freshStorageDir();
    const store = openStore(dir, { durability: "sync" });
    const log = store.createTopic("t", "id", 1, {}, 0).partitions[0];
    const written: Uint8Array[] = [];
    for (let i = 0; i < 20; i++) {
      const batch = batchOf(`m${i}`);
      written.push(asStored(batch, append(log, batch)));
      await store.whenDurable();
    }
    await store.close();
    const seqs = listSegments(`${dir}/wal`);
    const path = `${dir}/wal/${segmentFileName(seqs.at(-1)!)}`;
    const bytes = Deno.readFileSync(path);
    const lastEntryBytes = ENTRY_HEADER_BYTES + batchPrefixBytes(encodeTopicId("id")) +
      written[19].length;
    const lastEntryAt = bytes.length - lastEntryBytes;
    Deno.writeFileSync(path, cut(bytes, lastEntryAt));

    const reports: string[] = [];
    const again = openStore(dir, {
      durability: "sync",
      report: (level, message, fields) =>
        reports.push(`${level} ${message} ${JSON.stringify(fields)}`),
    });
    const truncated = again.recovery!.wal.truncated!;
    assert.ok(truncated, "the damage is reported");
    assert.equal(truncated.positionBytes, lastEntryAt);
    assert.ok(truncated.droppedBytes > 0);
    assert.match(reports.join("\n"), /warn storage recovered .*"reason"/);
    const recovered = again.partition("t", 0)!;
    assert.deepEqual(readAll(recovered), written.slice(0, 19));
    assert.equal(Deno.statSync(path).size, lastEntryAt, "the file was cut back to the good entry");
    // The offset of the lost batch is given out again: it was never acknowledged durable.
    assert.equal(append(recovered, batchOf("next")), 19);
    await again.close();
  });
}

Deno.test("tiers: retention and purge delete WAL segments and the disk usage goes down", async () => {
  for (const durability of ["memory", "async"] as const) {
    const store = openStore(freshStorageDir(), { durability, walSegmentSizeBytes: 64 * KIB });
    const log = store.createTopic("t", "id", 1, {}, 0).partitions[0];
    for (let i = 0; i < 600; i++) {
      append(log, batchOf(`m${i}`), i);
      if (i % 50 === 0) await tick();
    }
    await tick();
    const before = store.diskStats();
    assert.ok(before.diskBytes > 300 * KIB, `${durability}: ${before.diskBytes} bytes on disk`);
    assert.ok(log.spilledBatchCount > 0);
    log.expireAppendedBefore(300); // time retention
    const afterRetention = store.diskStats();
    assert.ok(afterRetention.diskBytes < before.diskBytes, durability);
    assert.ok(afterRetention.walSegmentsDeletedTotal > 0);
    log.deleteBefore(550); // purge-on-fetch and DeleteRecords go through this
    const afterPurge = store.diskStats();
    assert.ok(afterPurge.diskBytes < afterRetention.diskBytes, durability);
    assert.equal(readAll(log).length, 50);
    await store.close();
  }
});

Deno.test("tiers: max_disk refuses appends with a retriable error and stores nothing", async () => {
  const store = openStore(freshStorageDir(), {
    durability: "async",
    maxDiskBytes: 64 * KIB,
    walSegmentSizeBytes: 64 * KIB,
  });
  const log = store.createTopic("t", "id", 1, {}, 0).partitions[0];
  let stored = 0;
  const err = assert.throws(() => {
    for (;;) {
      append(log, batchOf("x"));
      stored++;
    }
  }, MemoryFullError);
  void err;
  assert.equal(log.batchCount, stored);
  assert.ok(store.diskStats().diskBytes <= 64 * KIB);
  log.deleteBefore(log.nextOffset); // freeing space lets appends through again
  await tick();
  assert.equal(append(log, batchOf("again")), stored);
  await store.close();
});

Deno.test("tiers: memory mode starts with an empty spill area", async () => {
  const dir = freshStorageDir();
  const store = openStore(dir, { maxMemoryBytes: 128 * KIB });
  const log = store.createTopic("t", "id", 1, {}, 0).partitions[0];
  for (let i = 0; i < 300; i++) append(log, batchOf(`m${i}`));
  assert.ok(listSegments(`${dir}/spill`).length > 0);
  await store.close();
  const again = openStore(dir, { maxMemoryBytes: 128 * KIB });
  assert.deepEqual(listSegments(`${dir}/spill`), []);
  assert.equal([...again.topics()].length, 0);
  await again.close();
});

Deno.test("tiers: a compaction rewrite is served and survives a restart", async () => {
  const dir = freshStorageDir();
  const store = openStore(dir, { durability: "async", maxMemoryBytes: 128 * KIB });
  const log = store.createTopic("t", "id", 1, { "cleanup.policy": "compact" }, 0).partitions[0];
  for (let i = 0; i < 200; i++) append(log, batchOf(`v${i}`, 1000, `k${i % 5}`));
  await tick();
  assert.ok(log.spilledBatchCount > 0, "part of the partition is on disk only");
  const stored = log.storedBatches();
  const result = compactBatches(stored, { nowMs: 0, deleteRetentionMs: 0 });
  const diskBefore = store.diskStats().diskBytes;
  log.rewrite(stored, result.batches);
  const expected = [195, 196, 197, 198, 199];
  const offsetsOf = (l: PartitionLog) => readAll(l).map((b) => readBatchHeader(b).baseOffset);
  assert.deepEqual(offsetsOf(log), expected);
  assert.equal(log.nextOffset, 200);
  await store.close();

  const again = openStore(dir, { durability: "async", maxMemoryBytes: 128 * KIB });
  const recovered = again.partition("t", 0)!;
  assert.deepEqual(offsetsOf(recovered), expected);
  assert.equal(recovered.nextOffset, 200);
  assert.ok(diskBefore > 128 * KIB);
  assert.ok(again.diskStats().diskBytes < 128 * KIB, "files holding only old batches are gone");
  await again.close();
});

Deno.test("tiers: compaction over spilled batches leaves no WAL copy behind", async () => {
  for (const durability of ["memory", "async"] as const) {
    const store = openStore(freshStorageDir(), { durability, maxMemoryBytes: 128 * KIB });
    const log = store.createTopic("t", "id", 1, { "cleanup.policy": "compact" }, 0).partitions[0];
    for (let i = 0; i < 200; i++) append(log, batchOf(`v${i}`, 1000, `k${i % 7}`));
    await tick();
    assert.ok(log.spilledBatchCount > 0, durability);
    const stored = log.storedBatches();
    const expected = stored.map((s) => s.batch.slice());
    const result = compactBatches(stored, { nowMs: 0, deleteRetentionMs: 0 });
    log.rewrite(stored, result.batches);
    const survivors = result.batches.flatMap((b, i) => b === null ? [] : [expected[i]]);
    assert.deepEqual(readAll(log), survivors, durability);
    log.deleteBefore(log.nextOffset);
    const segments = store.diskStats().walSegments;
    assert.ok(
      segments.every((s) => s.liveBatches === 0),
      `${durability}: ${JSON.stringify(segments)}`,
    );
    assert.ok(segments.length <= 1, "only the file being written may remain");
    assert.equal(store.pool.usedBytes, 0);
    await store.close();
  }
});

Deno.test("tiers: one store per storage directory; a killed owner's lock is gone", async () => {
  const dir = freshStorageDir();
  const store = openStore(dir, { durability: "async" });
  assert.throws(() => openStore(dir, { durability: "async" }), StorageLockedError);
  assert.throws(() => openStore(dir), new RegExp(`in use by process ${Deno.pid}`));
  await store.close();
  // Another process holding the lock (flock(1), as a second broker would).
  const holder = new Deno.Command("flock", {
    args: ["--exclusive", "--no-fork", `${dir}/LOCK`, "sleep", "30"],
  }).spawn();
  try {
    const deadlineMs = Date.now() + 5000;
    let refused = false;
    while (!refused && Date.now() < deadlineMs) {
      try {
        await openStore(dir, { durability: "async" }).close();
        await tick();
      } catch (err) {
        assert.ok(err instanceof StorageLockedError, String(err));
        refused = true;
      }
    }
    assert.ok(refused, "a lock held by another process refuses the store");
  } finally {
    holder.kill("SIGKILL");
    await holder.status;
  }
  // The holder was killed: the lock went with it, whatever its LOCK file still says.
  const again = openStore(dir, { durability: "async" });
  await again.close();
});

Deno.test("tiers: disk reads planned by walReadsFor are served from an async prefetch", async () => {
  const store = openStore(freshStorageDir(), { maxMemoryBytes: 128 * KIB });
  const log = store.createTopic("t", "id", 1, {}, 0).partitions[0];
  for (let i = 0; i < 300; i++) append(log, batchOf(`m${i}`));
  do await tick(); while (store.tiering.spilling); // no spill step may move batches meanwhile
  assert.ok(log.spilledBatchCount > 100);
  const wal = store.tiering.wal!;
  const expected = readAll(log);
  const ranges: number[] = [];
  log.walReadsFor(log.logStartOffset, Infinity, ranges);
  assert.ok(ranges.length >= 3 && ranges.length % 3 === 0);
  const prefetched = await wal.prefetch(ranges);
  assert.equal(prefetched.size, ranges.length / 3);
  const readsBefore = wal.readsTotal;
  const served = wal.withPrefetched(prefetched, () => readAll(log));
  assert.deepEqual(served, expected);
  assert.equal(wal.readsTotal, readsBefore, "no synchronous read was needed");
  assert.equal(log.readableBytes(0, Infinity), log.sizeBytes);
  await store.close();
});
