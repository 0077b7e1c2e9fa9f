import assert from "node:assert/strict";
import { AssertionError } from "node:assert";
import { LogStore } from "../storage/log_store.ts";

const SEGMENT_BYTES = 4096;

function newStore(retentionMs = -1): LogStore {
  return new LogStore({
    maxMemoryBytes: 32 * SEGMENT_BYTES,
    segmentSizeBytes: SEGMENT_BYTES,
    retentionMs,
  });
}

function fakeBatch(sizeBytes: number): Uint8Array {
  return new Uint8Array(sizeBytes).fill(7);
}

const ONE_RECORD = { lastOffsetDelta: 0, maxTimestampMs: 0 };

Deno.test("store: create, look up and refuse duplicate topics", () => {
  const store = newStore();
  const topic = store.createTopic("orders", "id-1", 3, { "cleanup.policy": "delete" }, 1234);
  assert.equal(topic.partitions.length, 3);
  assert.equal(topic.createdAtMs, 1234);
  assert.deepEqual(topic.partitions.map((p) => [p.topic, p.partition]), [
    ["orders", 0],
    ["orders", 1],
    ["orders", 2],
  ]);
  assert.equal(store.topic("orders"), topic);
  assert.equal(store.topicById("id-1"), topic);
  assert.equal(store.partition("orders", 2), topic.partitions[2]);
  assert.equal(store.partition("orders", 3), undefined);
  assert.equal(store.partition("nope", 0), undefined);
  assert.equal(store.topic("nope"), undefined);
  assert.throws(() => store.createTopic("orders", "id-2", 1, {}, 0), AssertionError);
  assert.throws(() => store.createTopic("other", "id-1", 1, {}, 0), AssertionError);
  assert.throws(() => store.createTopic("other", "id-2", 0, {}, 0), AssertionError);
  store.createTopic("other", "id-2", 1, {}, 0);
  assert.deepEqual([...store.topics()].map((t) => t.name), ["orders", "other"]);
});

Deno.test("store: addPartitions grows a topic only upwards", () => {
  const store = newStore();
  store.createTopic("t", "id", 1, {}, 0);
  store.addPartitions("t", 3);
  assert.equal(store.topic("t")!.partitions.length, 3);
  assert.equal(store.partition("t", 2)!.partition, 2);
  assert.throws(() => store.addPartitions("t", 3), AssertionError);
  assert.throws(() => store.addPartitions("missing", 2), AssertionError);
});

Deno.test("store: deleteTopic returns its memory and forgets name and id", () => {
  const store = newStore();
  store.createTopic("t", "id", 2, {}, 0);
  store.partition("t", 0)!.append(fakeBatch(3000), ONE_RECORD, 0);
  store.partition("t", 1)!.append(fakeBatch(3 * SEGMENT_BYTES), ONE_RECORD, 0);
  assert.equal(store.pool.usedBytes, 4 * SEGMENT_BYTES);
  assert.equal(store.deleteTopic("t"), true);
  assert.equal(store.pool.usedBytes, 0);
  assert.equal(store.topic("t"), undefined);
  assert.equal(store.topicById("id"), undefined);
  assert.equal(store.deleteTopic("t"), false);
  store.createTopic("t", "id", 1, {}, 0);
  assert.equal(store.partition("t", 0)!.nextOffset, 0, "a recreated topic starts empty");
});

Deno.test("store: retention.ms overrides the default", () => {
  const store = newStore(60_000);
  const plain = store.createTopic("plain", "a", 1, {}, 0);
  const short = store.createTopic("short", "b", 1, { "retention.ms": "1000" }, 0);
  const forever = store.createTopic("forever", "c", 1, { "retention.ms": "-1" }, 0);
  assert.equal(store.retentionMsOf(plain), 60_000);
  assert.equal(store.retentionMsOf(short), 1000);
  assert.equal(store.retentionMsOf(forever), -1);
  for (const bad of ["", "soon", "1.5", "-2"]) {
    assert.throws(
      () => store.createTopic("bad", "d", 1, { "retention.ms": bad }, 0),
      AssertionError,
      bad,
    );
  }
  assert.equal(store.topic("bad"), undefined);
  assert.throws(() =>
    new LogStore({ maxMemoryBytes: 1 << 20, segmentSizeBytes: 4096, retentionMs: -5 })
  );
});

Deno.test("store: enforceRetention frees expired batches per topic policy", () => {
  const store = newStore(10_000);
  store.createTopic("default", "a", 2, {}, 0);
  store.createTopic("short", "b", 1, { "retention.ms": "1000" }, 0);
  store.createTopic("forever", "c", 1, { "retention.ms": "-1" }, 0);
  for (let t = 0; t < 4; t++) {
    const appendTimeMs = t * 1000;
    store.partition("default", 0)!.append(fakeBatch(3000), ONE_RECORD, appendTimeMs);
    store.partition("default", 1)!.append(fakeBatch(3000), ONE_RECORD, appendTimeMs);
    store.partition("short", 0)!.append(fakeBatch(3000), ONE_RECORD, appendTimeMs);
    store.partition("forever", 0)!.append(fakeBatch(3000), ONE_RECORD, appendTimeMs);
  }
  assert.equal(store.pool.usedBytes, 16 * SEGMENT_BYTES);

  // now 3500: "short" keeps appends at >= 2500 (one batch); "default" keeps all.
  assert.equal(store.enforceRetention(3500), 3 * 3000);
  assert.equal(store.partition("short", 0)!.logStartOffset, 3);
  assert.equal(store.pool.usedBytes, 13 * SEGMENT_BYTES);

  // now 12_500: "default" keeps appends at >= 2500, "short" none, "forever" everything.
  assert.equal(store.enforceRetention(12_500), (2 * 3 + 1) * 3000);
  assert.equal(store.partition("short", 0)!.logStartOffset, 4);
  assert.equal(store.partition("default", 1)!.logStartOffset, 3);
  // One 3000-byte batch per 4 KiB segment: default keeps 2, forever 4; empty "short" holds none.
  assert.equal(store.pool.usedBytes, 6 * SEGMENT_BYTES);
  assert.equal(store.partition("forever", 0)!.batchCount, 4);
  assert.equal(store.enforceRetention(12_500), 0);
});

Deno.test("store: many partitions with a little data each share segments", () => {
  const store = newStore();
  const partitions = 4 * (store.pool.segmentCount + 1);
  store.createTopic("wide", "w", partitions, {}, 0);
  for (let p = 0; p < partitions; p++) {
    store.partition("wide", p)!.append(fakeBatch(100), ONE_RECORD, 0);
  }
  // Each partition used to pin a segment of its own: more partitions than segments failed.
  assert.equal(store.pool.usedBytes, Math.ceil((partitions * 100) / SEGMENT_BYTES) * SEGMENT_BYTES);
  assert.ok(store.pool.freeSegments > 0);
});

Deno.test("store: stats reports the pool and every partition", () => {
  const store = newStore();
  store.createTopic("t", "id", 2, {}, 0);
  store.partition("t", 1)!.append(fakeBatch(100), { lastOffsetDelta: 4, maxTimestampMs: 0 }, 0);
  store.partition("t", 1)!.deleteBefore(2);
  assert.deepEqual(store.stats(), {
    usedBytes: SEGMENT_BYTES,
    limitBytes: 32 * SEGMENT_BYTES,
    freeSegments: 31,
    segmentSizeBytes: SEGMENT_BYTES,
    topics: [{
      name: "t",
      partitions: [
        {
          index: 0,
          logStartOffset: 0,
          nextOffset: 0,
          sizeBytes: 0,
          batchCount: 0,
          spilledBatches: 0,
          spilledBytes: 0,
        },
        {
          index: 1,
          logStartOffset: 2,
          nextOffset: 5,
          sizeBytes: 100,
          batchCount: 1,
          spilledBatches: 0,
          spilledBytes: 0,
        },
      ],
    }],
  });
});
