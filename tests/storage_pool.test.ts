import assert from "node:assert/strict";
import { AssertionError } from "node:assert";
import { SegmentPool } from "../storage/segment_pool.ts";

const SEGMENT_BYTES = 4096;
const MiB = 1024 * 1024;

Deno.test("pool: segment count is floor(budget / segment) and at least one", () => {
  const pool = new SegmentPool({
    maxMemoryBytes: 10 * SEGMENT_BYTES + 100,
    segmentSizeBytes: 4096,
  });
  assert.equal(pool.segmentCount, 10);
  assert.equal(pool.limitBytes, 10 * SEGMENT_BYTES);
  assert.equal(pool.freeSegments, 10);
  assert.equal(pool.usedBytes, 0);
  assert.throws(
    () => new SegmentPool({ maxMemoryBytes: 4095, segmentSizeBytes: SEGMENT_BYTES }),
    AssertionError,
  );
  assert.throws(
    () => new SegmentPool({ maxMemoryBytes: MiB, segmentSizeBytes: 0 }),
    AssertionError,
  );
});

Deno.test("pool: acquire hands out distinct non-overlapping segments until exhausted", () => {
  const pool = new SegmentPool({
    maxMemoryBytes: 8 * SEGMENT_BYTES,
    segmentSizeBytes: SEGMENT_BYTES,
  });
  const ids: number[] = [];
  for (let i = 0; i < 8; i++) {
    const id = pool.acquire();
    assert.ok(id >= 0);
    ids.push(id);
    assert.equal(pool.usedBytes, (i + 1) * SEGMENT_BYTES);
    assert.ok(pool.usedBytes <= pool.limitBytes);
  }
  assert.equal(new Set(ids).size, 8);
  assert.equal(pool.acquire(), -1);
  assert.equal(pool.freeSegments, 0);
  for (const id of ids) {
    const bytes = pool.bytes(id);
    assert.equal(bytes.length, SEGMENT_BYTES);
    bytes.fill(id + 1);
  }
  for (const id of ids) assert.ok(pool.bytes(id).every((b) => b === id + 1));

  pool.release(ids[3]);
  assert.equal(pool.freeSegments, 1);
  assert.equal(pool.acquire(), ids[3]);
  assert.equal(pool.acquire(), -1);
});

Deno.test("pool: double release and foreign ids assert", () => {
  const pool = new SegmentPool({
    maxMemoryBytes: 4 * SEGMENT_BYTES,
    segmentSizeBytes: SEGMENT_BYTES,
  });
  const id = pool.acquire();
  pool.release(id);
  assert.throws(() => pool.release(id), AssertionError);
  assert.throws(() => pool.release(4), AssertionError);
  assert.throws(() => pool.release(-2), AssertionError);
  assert.throws(() => pool.bytes(id), AssertionError);
  assert.equal(pool.freeSegments, 4);
});

Deno.test("pool: large allocations charge whole segments of budget", () => {
  const pool = new SegmentPool({
    maxMemoryBytes: 8 * SEGMENT_BYTES,
    segmentSizeBytes: SEGMENT_BYTES,
  });
  const small = pool.acquire();
  const large = pool.acquireLarge(2 * SEGMENT_BYTES + 1);
  assert.ok(large <= -2);
  assert.equal(pool.bytes(large).length, 2 * SEGMENT_BYTES + 1);
  assert.equal(pool.usedBytes, 4 * SEGMENT_BYTES);
  assert.equal(pool.freeSegments, 4);

  assert.equal(pool.acquireLarge(4 * SEGMENT_BYTES + 1), -1, "needs 5 segments, 4 free");
  const second = pool.acquireLarge(4 * SEGMENT_BYTES);
  assert.ok(second <= -2 && second !== large);
  assert.equal(pool.usedBytes, pool.limitBytes);
  assert.equal(pool.acquire(), -1, "budget reserved by large allocations is not handed out");

  pool.release(large);
  assert.throws(() => pool.release(large), AssertionError);
  assert.throws(() => pool.bytes(large), AssertionError);
  assert.equal(pool.freeSegments, 3);
  const reused = pool.acquireLarge(3 * SEGMENT_BYTES);
  assert.equal(reused, large, "the large slot is reused");
  pool.release(reused);
  pool.release(second);
  pool.release(small);
  assert.equal(pool.usedBytes, 0);
  assert.equal(pool.freeSegments, 8);
  assert.throws(
    () => pool.acquireLarge(SEGMENT_BYTES),
    AssertionError,
    "not larger than a segment",
  );
});

Deno.test("pool: segments span several slabs without overlap", () => {
  const segmentSizeBytes = 16 * MiB;
  const pool = new SegmentPool({ maxMemoryBytes: 5 * segmentSizeBytes, segmentSizeBytes });
  const ids = [0, 1, 2, 3, 4].map(() => pool.acquire());
  const views = ids.map((id) => pool.bytes(id));
  assert.ok(views.every((v) => v.length === segmentSizeBytes));
  assert.notEqual(views[0].buffer, views[4].buffer, "the fifth segment lives in a second slab");
  for (let i = 0; i < 5; i++) views[i][segmentSizeBytes - 1] = i + 1;
  for (let i = 0; i < 5; i++) {
    assert.equal(views[i][segmentSizeBytes - 1], i + 1);
    assert.equal(views[i][0], 0);
  }
  assert.equal(pool.acquire(), -1);
});

Deno.test("prefault sets aside never-used free segments, which acquire skips until done", () => {
  const segmentSizeBytes = 64 * 1024;
  const pool = new SegmentPool({ maxMemoryBytes: 20 * segmentSizeBytes, segmentSizeBytes });
  const used = pool.acquire();
  pool.bytes(used).fill(7);
  assert.equal(pool.committedBytes, segmentSizeBytes, "a segment handed out is committed");
  // 19 free; at least 16 stay available to appends, so 3 can be set aside.
  const aside = pool.takePrefaultRange(10);
  assert.equal(aside.length, 3);
  assert.ok(!aside.includes(used), "a segment in use is committed already");
  for (const id of aside) pool.prefaultView(id).fill(0);
  assert.deepEqual(pool.takePrefaultRange(10), [], "no more while the margin is reached");
  assert.equal(pool.prefaultPending, true, "16 segments are neither used nor prefaulted");
  const acquired: number[] = [];
  for (let id = pool.acquire(); id !== -1; id = pool.acquire()) acquired.push(id);
  assert.equal(acquired.length, 16, "every free segment but those set aside");
  assert.ok(acquired.every((id) => !aside.includes(id)));
  assert.throws(() => pool.bytes(aside[0]), /not held/);
  pool.prefaultDone(aside);
  assert.ok(aside.includes(pool.acquire()), "handed back to acquire()");
  assert.ok(pool.bytes(used).every((b) => b === 7), "data in use is never touched");
  assert.equal(pool.committedBytes, 20 * segmentSizeBytes);
  assert.equal(pool.prefaultPending, false, "all committed, most by use before prefault got there");
  for (const id of acquired) pool.release(id);
  assert.deepEqual(pool.takePrefaultRange(100), [], "all of them were committed by their use");
  assert.equal(pool.prefaultPending, false);
});
