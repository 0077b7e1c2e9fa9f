import assert from "node:assert/strict";
import { AssertionError } from "node:assert";
import { Tiering } from "../storage/tiering.ts";
import { SegmentPool } from "../storage/segment_pool.ts";
import { MemoryFullError, PartitionLog } from "../storage/partition_log.ts";
import { BatchIndex } from "../storage/batch_index.ts";

const SEGMENT_BYTES = 4096;

function newLog(segments = 16): { pool: SegmentPool; log: PartitionLog } {
  const pool = new SegmentPool({
    maxMemoryBytes: segments * SEGMENT_BYTES,
    segmentSizeBytes: SEGMENT_BYTES,
  });
  return { pool, log: new PartitionLog(memoryOnly(pool), "t", 0) };
}

/** Tiers with no disk: a full pool refuses appends. */
function memoryOnly(pool: SegmentPool): Tiering {
  return new Tiering({ pool, wal: null, durable: false, highWaterBytes: pool.limitBytes });
}

/** Opaque stand-in for a RecordBatch: `sizeBytes` bytes of `tag`, header bytes 0..15 set to 0xee. */
function fakeBatch(sizeBytes: number, tag: number): Uint8Array {
  const bytes = new Uint8Array(sizeBytes).fill(tag);
  bytes.fill(0xee, 0, 16);
  return bytes;
}

function baseOffsetOf(batch: Uint8Array): number {
  return Number(new DataView(batch.buffer, batch.byteOffset).getBigInt64(0));
}

function info(lastOffsetDelta: number, maxTimestampMs = 0) {
  return { lastOffsetDelta, maxTimestampMs };
}

Deno.test("log: append assigns consecutive offsets and patches only the stored copy", () => {
  const { log } = newLog();
  const inputs = [fakeBatch(100, 1), fakeBatch(61, 2), fakeBatch(300, 3)];
  const originals = inputs.map((b) => b.slice());
  assert.equal(log.append(inputs[0], info(4), 10), 0);
  assert.equal(log.append(inputs[1], info(0), 11), 5);
  assert.equal(log.append(inputs[2], info(9), 12), 6);
  assert.equal(log.nextOffset, 16);
  assert.equal(log.logStartOffset, 0);
  assert.equal(log.batchCount, 3);
  assert.equal(log.sizeBytes, 461);
  assert.deepEqual(inputs, originals, "caller's bytes untouched");

  const stored = log.read(0, Infinity);
  assert.equal(stored.length, 3);
  assert.deepEqual(stored.map(baseOffsetOf), [0, 5, 6]);
  for (let i = 0; i < 3; i++) {
    assert.deepEqual([...stored[i].subarray(8, 12)], [0xee, 0xee, 0xee, 0xee], "batchLength kept");
    assert.deepEqual([...stored[i].subarray(12, 16)], [0, 0, 0, 0], "leader epoch zeroed");
    assert.deepEqual(stored[i].subarray(16), originals[i].subarray(16));
  }
});

Deno.test("log: base offsets above 2^32 are written as int64 big-endian", () => {
  const { log } = newLog();
  log.append(fakeBatch(70, 1), info(0x7fffffff), 0);
  log.append(fakeBatch(70, 1), info(0x7fffffff), 0);
  log.append(fakeBatch(70, 1), info(6), 0);
  log.append(fakeBatch(70, 2), info(0), 0);
  const [third, fourth] = log.read(2 ** 32 + 3, Infinity);
  assert.deepEqual([...third.subarray(0, 8)], [0, 0, 0, 1, 0, 0, 0, 0]);
  assert.deepEqual([...fourth.subarray(0, 8)], [0, 0, 0, 1, 0, 0, 0, 7]);
  assert.equal(baseOffsetOf(fourth), 2 ** 32 + 7);
  assert.deepEqual([...log.read(2 ** 31, 0)[0].subarray(0, 8)], [0, 0, 0, 0, 0x80, 0, 0, 0]);
});

Deno.test("log: read returns whole batches from the one containing the offset", () => {
  const { log } = newLog();
  for (let i = 0; i < 5; i++) log.append(fakeBatch(100, i), info(9), i);
  const fromInside = log.read(23, Infinity);
  assert.equal(fromInside.length, 3);
  assert.equal(baseOffsetOf(fromInside[0]), 20);
  assert.equal(fromInside[0][20], 2);
  assert.deepEqual(log.read(49, Infinity).map(baseOffsetOf), [40]);
  assert.deepEqual(log.read(50, Infinity), [], "read at nextOffset is empty");
  assert.throws(() => log.read(51, Infinity), AssertionError);
  assert.throws(() => log.read(-1, Infinity), AssertionError);
});

Deno.test("log: read respects maxBytes but always returns the first batch", () => {
  const { log } = newLog();
  for (let i = 0; i < 5; i++) log.append(fakeBatch(100, i), info(0), i);
  assert.equal(log.read(0, 0).length, 1);
  assert.equal(log.read(0, 99).length, 1);
  assert.equal(log.read(0, 200).length, 2);
  assert.equal(log.read(0, 299).length, 2);
  assert.equal(log.read(1, 300).length, 3);
  assert.equal(log.read(4, 1000).length, 1);
});

Deno.test("log: read views are not copies", () => {
  const { log } = newLog();
  log.append(fakeBatch(100, 1), info(0), 0);
  const [first] = log.read(0, Infinity);
  first[50] = 99;
  assert.equal(log.read(0, Infinity)[0][50], 99);
});

Deno.test("log: offsetForTimestamp and maxTimestamp", () => {
  const { log } = newLog();
  assert.equal(log.offsetForTimestamp(0), -1);
  assert.equal(log.maxTimestamp(), null);
  log.append(fakeBatch(80, 1), info(4, 1000), 0); // 0..4
  log.append(fakeBatch(80, 2), info(4, 3000), 0); // 5..9
  log.append(fakeBatch(80, 3), info(4, 2000), 0); // 10..14
  log.append(fakeBatch(80, 4), info(4, 3000), 0); // 15..19
  assert.equal(log.offsetForTimestamp(0), 0);
  assert.equal(log.offsetForTimestamp(1000), 0);
  assert.equal(log.offsetForTimestamp(1001), 5);
  assert.equal(log.offsetForTimestamp(2500), 5);
  assert.equal(log.offsetForTimestamp(3001), -1);
  assert.deepEqual(log.maxTimestamp(), { timestampMs: 3000, offset: 5 }, "first batch on ties");

  log.deleteBefore(7);
  assert.equal(log.offsetForTimestamp(0), 7, "clamped to logStartOffset");
  assert.deepEqual(log.maxTimestamp(), { timestampMs: 3000, offset: 7 });
  log.deleteBefore(12);
  assert.deepEqual(log.maxTimestamp(), { timestampMs: 3000, offset: 15 });
});

Deno.test("log: deleteBefore moves the start, keeps a straddling batch and frees segments", () => {
  const { pool, log } = newLog();
  // 3000-byte batches: one per 4 KiB segment.
  for (let i = 0; i < 4; i++) log.append(fakeBatch(3000, i), info(9), 0);
  assert.equal(pool.usedBytes, 4 * SEGMENT_BYTES);

  assert.equal(log.deleteBefore(15), 15);
  assert.equal(log.logStartOffset, 15);
  assert.equal(log.batchCount, 3);
  assert.equal(log.sizeBytes, 9000);
  assert.equal(pool.usedBytes, 3 * SEGMENT_BYTES);
  const [straddling] = log.read(15, 0);
  assert.equal(baseOffsetOf(straddling), 10, "whole batch returned from inside it");
  assert.throws(() => log.read(14, 0), AssertionError);

  assert.equal(log.deleteBefore(3), 15, "never moves backwards");
  assert.equal(log.deleteBefore(30), 30);
  assert.equal(log.batchCount, 1);
  assert.equal(pool.usedBytes, SEGMENT_BYTES);
  assert.equal(log.deleteBefore(1000), 40, "clamped to nextOffset");
  assert.equal(log.batchCount, 0);
  assert.equal(log.sizeBytes, 0);
  assert.deepEqual(log.read(40, 100), []);
  assert.equal(pool.usedBytes, 0, "an emptied log holds no memory");
  assert.equal(log.append(fakeBatch(100, 9), info(0), 0), 40);
  assert.equal(pool.usedBytes, SEGMENT_BYTES, "fits in the kept write segment");
});

Deno.test("log: time retention drops leading batches and returns their memory", () => {
  const { pool, log } = newLog();
  for (let i = 0; i < 6; i++) log.append(fakeBatch(2000, i), info(1), 1000 * i); // 2 per segment
  assert.equal(pool.usedBytes, 3 * SEGMENT_BYTES);
  assert.equal(log.expireAppendedBefore(0), 0);

  assert.equal(log.expireAppendedBefore(1000), 2000);
  assert.equal(log.logStartOffset, 2);
  assert.equal(pool.usedBytes, 3 * SEGMENT_BYTES, "segment still holds a live batch");
  assert.equal(log.expireAppendedBefore(3500), 6000);
  assert.equal(log.logStartOffset, 8);
  assert.equal(log.batchCount, 2);
  assert.equal(pool.usedBytes, SEGMENT_BYTES);
  assert.equal(log.expireAppendedBefore(10_000), 4000);
  assert.equal(log.logStartOffset, 12);
  assert.equal(log.nextOffset, 12);
  assert.equal(log.sizeBytes, 0);
  assert.equal(pool.usedBytes, 0, "an emptied log holds no memory");
});

Deno.test("log: a batch larger than a segment gets its own accounted buffer", () => {
  const { pool, log } = newLog(8);
  log.append(fakeBatch(100, 1), info(0), 0);
  const big = fakeBatch(2 * SEGMENT_BYTES + 500, 7);
  assert.equal(log.append(big, info(99), 1), 1);
  assert.equal(pool.usedBytes, 4 * SEGMENT_BYTES);
  log.append(fakeBatch(100, 2), info(0), 2);
  assert.equal(pool.usedBytes, 4 * SEGMENT_BYTES, "small batches continue in the write segment");

  const views = log.read(50, Infinity);
  assert.deepEqual(views.map((v) => v.length), [big.length, 100]);
  assert.equal(baseOffsetOf(views[0]), 1);
  assert.deepEqual(views[0].subarray(16), big.subarray(16));

  log.expireAppendedBefore(2);
  assert.equal(log.logStartOffset, 101);
  assert.equal(pool.usedBytes, SEGMENT_BYTES);
  assert.throws(() => log.append(fakeBatch(8 * SEGMENT_BYTES, 1), info(0), 3), MemoryFullError);
});

Deno.test("log: MemoryFullError leaves everything unchanged", () => {
  const { pool, log } = newLog(2);
  log.append(fakeBatch(3000, 1), info(4), 0);
  log.append(fakeBatch(3000, 2), info(4), 0);
  let wakeUps = 0;
  log.onAppend = () => wakeUps++;
  const before = () => ({
    next: log.nextOffset,
    start: log.logStartOffset,
    size: log.sizeBytes,
    count: log.batchCount,
    used: pool.usedBytes,
    views: log.read(0, Infinity).map((v) => v.slice()),
  });
  const snapshot = before();
  assert.throws(() => log.append(fakeBatch(3000, 3), info(4), 0), MemoryFullError);
  assert.throws(() => log.append(fakeBatch(SEGMENT_BYTES + 1, 3), info(4), 0), MemoryFullError);
  assert.deepEqual(before(), snapshot);
  assert.equal(wakeUps, 0);
  log.append(fakeBatch(1000, 4), info(0), 0);
  assert.equal(wakeUps, 1, "a batch that fits the write segment's tail still goes in");
  assert.equal(log.nextOffset, 11);
});

Deno.test("log: clear returns every segment and keeps offsets", () => {
  const { pool, log } = newLog(8);
  for (let i = 0; i < 5; i++) log.append(fakeBatch(1500, i), info(0), 0);
  log.append(fakeBatch(SEGMENT_BYTES * 2, 9), info(0), 0);
  assert.ok(pool.usedBytes > 0);
  log.clear();
  assert.equal(pool.usedBytes, 0);
  assert.equal(log.batchCount, 0);
  assert.equal(log.sizeBytes, 0);
  assert.equal(log.logStartOffset, 6);
  assert.equal(log.nextOffset, 6);
  assert.equal(log.append(fakeBatch(100, 1), info(0), 0), 6);
});

Deno.test("log: partitions sharing a pool never exceed it", () => {
  const pool = new SegmentPool({
    maxMemoryBytes: 4 * SEGMENT_BYTES,
    segmentSizeBytes: SEGMENT_BYTES,
  });
  const tiering = memoryOnly(pool);
  const logs = [0, 1, 2].map((p) => new PartitionLog(tiering, "shared", p));
  let appended = 0;
  for (let i = 0; i < 100; i++) {
    try {
      logs[i % 3].append(fakeBatch(1500, i), info(0), 0);
      appended++;
    } catch (e) {
      assert.ok(e instanceof MemoryFullError);
    }
    assert.ok(pool.usedBytes <= pool.limitBytes);
  }
  assert.equal(pool.freeSegments, 0);
  assert.equal(appended, logs.reduce((n, l) => n + l.batchCount, 0));
  for (const l of logs) l.clear();
  assert.equal(pool.usedBytes, 0);
});

Deno.test("log: thousands of appends and removals stay consistent with a model", () => {
  const { pool, log } = newLog(64);
  // Deterministic xorshift so failures reproduce.
  let seed = 0x2545f491;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  type ModelBatch = { base: number; delta: number; tag: number; sizeBytes: number; time: number };
  let model: ModelBatch[] = [];
  let nextOffset = 0;
  let startOffset = 0;
  let maxBatchCount = 0;

  for (let step = 0; step < 20_000; step++) {
    const roll = random();
    if (roll < 0.8) {
      const sizeBytes = random() < 0.01
        ? SEGMENT_BYTES + 1 + Math.floor(random() * SEGMENT_BYTES)
        : 61 + Math.floor(random() * 900);
      const delta = Math.floor(random() * 5);
      const tag = step & 0xff;
      try {
        const base = log.append(fakeBatch(sizeBytes, tag), info(delta, step), step);
        assert.equal(base, nextOffset);
        model.push({ base, delta, tag, sizeBytes, time: step });
        nextOffset += delta + 1;
      } catch (e) {
        assert.ok(e instanceof MemoryFullError);
        const cutoff = step - 300;
        const expired = model.filter((b) => b.time < cutoff); // times only grow: a prefix
        const freed = log.expireAppendedBefore(cutoff);
        assert.equal(freed, expired.reduce((n, b) => n + b.sizeBytes, 0));
        model = model.slice(expired.length);
        if (expired.length > 0) startOffset = model.length > 0 ? model[0].base : nextOffset;
      }
    } else if (roll < 0.85) {
      const target = startOffset + Math.floor(random() * (nextOffset - startOffset + 3));
      const expected = Math.max(startOffset, Math.min(target, nextOffset));
      assert.equal(log.deleteBefore(target), expected);
      startOffset = expected;
      model = model.filter((b) => b.base + b.delta + 1 > startOffset);
    } else if (nextOffset > startOffset) {
      const offset = startOffset + Math.floor(random() * (nextOffset - startOffset));
      const maxBytes = Math.floor(random() * 3000);
      const views = log.read(offset, maxBytes);
      const first = model.findIndex((b) => b.base + b.delta >= offset);
      let total = 0;
      let i = first;
      for (const view of views) {
        const expected = model[i++];
        assert.equal(baseOffsetOf(view), expected.base);
        assert.equal(view.length, expected.sizeBytes);
        assert.equal(view[view.length - 1], expected.tag);
        total += view.length;
      }
      assert.ok(views.length >= 1);
      assert.ok(views.length === 1 || total <= maxBytes);
      assert.ok(i === model.length || total + model[i].sizeBytes > maxBytes);
    }
    maxBatchCount = Math.max(maxBatchCount, model.length);
    assert.equal(log.batchCount, model.length);
    assert.equal(log.nextOffset, nextOffset);
    assert.equal(log.logStartOffset, startOffset);
    assert.equal(log.sizeBytes, model.reduce((n, b) => n + b.sizeBytes, 0));
    assert.ok(pool.usedBytes <= pool.limitBytes);
  }
  assert.ok(maxBatchCount > 16, "the index grew past its initial capacity");
  assert.ok(nextOffset > 20_000, "the log wrapped through the pool many times");
  log.clear();
  assert.equal(pool.usedBytes, 0, "no segment leaked");
});

Deno.test("batch index: compacts in place when half empty, doubles when full", () => {
  const index = new BatchIndex();
  const capacity = index.capacity;
  for (let i = 0; i < capacity; i++) index.push(i * 10, 9, 0, 0, 61, 0, 0, -1, 0);
  for (let i = 0; i < capacity / 2; i++) index.shift();
  index.push(capacity * 10, 9, 0, 0, 61, 0, 0, -1, 0);
  assert.equal(index.capacity, capacity, "compacted instead of growing");
  assert.equal(index.head, 0);
  assert.equal(index.count, capacity / 2 + 1);
  assert.equal(index.baseOffset[index.findContaining(capacity * 10 + 5)], capacity * 10);
  assert.equal(index.findContaining(capacity * 5 - 1), index.head - 1, "below the first batch");
  while (index.tail < index.capacity) index.push(index.tail * 1000, 0, 0, 0, 61, 0, 0, -1, 0);
  index.push(1, 0, 0, 0, 61, 0, 0, -1, 0);
  assert.equal(index.capacity, capacity * 2, "grew when more than half full");
  assert.equal(index.baseOffset[0], capacity * 5, "live entries kept in order");
});
