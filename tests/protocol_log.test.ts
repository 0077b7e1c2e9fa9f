/**
 * Produce, Fetch and ListOffsets semantics over a raw socket: validation, idempotence, memory
 * limits, whole-batch fetches, size limits, offsets out of range, retention and purge-on-fetch.
 */
import assert from "node:assert/strict";
import { FetchRequest, FetchResponse } from "../broker/messages/fetch.ts";
import { ListOffsetsRequest, ListOffsetsResponse } from "../broker/messages/list_offsets.ts";
import { ProduceRequest, ProduceResponse } from "../broker/messages/produce.ts";
import { ErrorCode } from "../broker/protocol/errors.ts";
import { buildBatch, decodeBatch } from "../broker/records/record_codec.ts";
import { splitAndValidate } from "../broker/records/batch_header.ts";
import { crc32c } from "../broker/records/crc32c.ts";
import { withBroker } from "./helpers/broker.ts";
import { RawClient } from "./helpers/raw_client.ts";
import { batchOf, fetchRequest, produceRequest, values } from "./helpers/requests.ts";

const dec = new TextDecoder();

async function produce(c: RawClient, topic: string, batch: Uint8Array | null, partition = 0) {
  const r = await c.request(
    ProduceRequest,
    ProduceResponse,
    8,
    produceRequest(topic, partition, batch),
  );
  return r.responses[0].partitionResponses[0];
}

async function fetchAt(c: RawClient, topic: string, offset: number, opts = {}) {
  const r = await c.request(FetchRequest, FetchResponse, 11, fetchRequest(topic, 0, offset, opts));
  const p = r.responses[0].partitions[0];
  const bytes = p.records as Uint8Array;
  const batches = bytes.length === 0
    ? []
    : (splitAndValidate(bytes) as { batches: { bytes: Uint8Array }[] }).batches;
  return { p, batches, records: batches.flatMap((b) => decodeBatch(b.bytes)) };
}

Deno.test("a corrupt batch, short or long, gets CORRUPT_MESSAGE and nothing is stored", async () => {
  await withBroker({}, async (b) => {
    b.broker.createTopic("crc", 1, {});
    const c = await RawClient.connect(b.port);
    try {
      const batch = batchOf("hello");
      batch[batch.length - 1] ^= 0xff;
      const r = await produce(c, "crc", batch);
      assert.equal(r.errorCode, ErrorCode.CORRUPT_MESSAGE);
      assert.match(r.errorMessage ?? "", /CRC/i);
      // A long batch, which the CPU's CRC-32C instruction checks when the addon is loaded.
      const long = batchOf("v".repeat(64 * 1024));
      long[long.length >> 1] ^= 0x01;
      assert.equal((await produce(c, "crc", long)).errorCode, ErrorCode.CORRUPT_MESSAGE);
      const bad = batchOf("x").subarray(0, 40);
      assert.equal((await produce(c, "crc", bad)).errorCode, ErrorCode.CORRUPT_MESSAGE);
      assert.equal(b.broker.store.partition("crc", 0)!.nextOffset, 0);
      // The connection still works and a good batch lands at offset 0.
      const ok = await produce(c, "crc", batchOf("good"));
      assert.deepEqual([ok.errorCode, ok.baseOffset], [0, 0]);
    } finally {
      c.close();
    }
  });
});

Deno.test("a control batch from a producer gets INVALID_RECORD and is not stored", async () => {
  await withBroker({}, async (b) => {
    b.broker.createTopic("ctrl", 1, {});
    const c = await RawClient.connect(b.port);
    try {
      const batch = batchOf("marker");
      const view = new DataView(batch.buffer, batch.byteOffset);
      view.setInt16(21, view.getInt16(21) | 0x20); // attributes: isControlBatch
      view.setUint32(17, crc32c(batch, 21)); // keep the CRC valid: only the bit is wrong
      const r = await produce(c, "ctrl", batch);
      assert.equal(r.errorCode, ErrorCode.INVALID_RECORD);
      assert.equal(b.broker.store.partition("ctrl", 0)!.nextOffset, 0);
    } finally {
      c.close();
    }
  });
});

Deno.test("produce returns real base offsets; fetch inside a batch returns the whole batch", async () => {
  await withBroker({}, async (b) => {
    b.broker.createTopic("offsets", 1, {});
    const c = await RawClient.connect(b.port);
    try {
      assert.equal((await produce(c, "offsets", batchOf("a", "b", "c"))).baseOffset, 0);
      const second = await produce(c, "offsets", batchOf("d", "e"));
      assert.deepEqual([second.baseOffset, second.logStartOffset], [3, 0]);
      const f = await fetchAt(c, "offsets", 4);
      assert.equal(f.p.highWatermark, 5);
      assert.deepEqual(f.records.map((r) => [r.offset, dec.decode(r.value!)]), [[3, "d"], [
        4,
        "e",
      ]]);
      const all = await fetchAt(c, "offsets", 1);
      assert.deepEqual(all.records.map((r) => r.offset), [0, 1, 2, 3, 4]);
      // The stored bytes are the produced bytes with only the base offset patched.
      const sent = batchOf("z");
      const third = await produce(c, "offsets", sent);
      const back = (await fetchAt(c, "offsets", third.baseOffset)).batches[0].bytes;
      assert.deepEqual(
        back.subarray(12 + 4),
        sent.subarray(12 + 4),
        "bytes after the epoch unchanged",
      );
    } finally {
      c.close();
    }
  });
});

Deno.test("fetch size limits: at least one whole batch, then max_bytes and partition_max_bytes", async () => {
  await withBroker({}, async (b) => {
    b.broker.createTopic("sizes", 1, {});
    const c = await RawClient.connect(b.port);
    try {
      const big = "x".repeat(10_000);
      for (let i = 0; i < 5; i++) await produce(c, "sizes", batchOf(big));
      const one = await fetchAt(c, "sizes", 0, { maxBytes: 100, partitionMaxBytes: 100 });
      assert.equal(one.batches.length, 1, "a batch larger than the limits still comes back");
      const some = await fetchAt(c, "sizes", 0, { partitionMaxBytes: 25_000 });
      assert.equal(some.batches.length, 2);
      const all = await fetchAt(c, "sizes", 0);
      assert.equal(all.batches.length, 5);
    } finally {
      c.close();
    }
  });
});

Deno.test("fetch below the log start or past the end is OFFSET_OUT_OF_RANGE", async () => {
  await withBroker({}, async (b) => {
    b.broker.createTopic("range", 1, {});
    const c = await RawClient.connect(b.port);
    try {
      await produce(c, "range", batchOf("a", "b"));
      await produce(c, "range", batchOf("c"));
      assert.equal((await fetchAt(c, "range", 4)).p.errorCode, ErrorCode.OFFSET_OUT_OF_RANGE);
      const atEnd = await fetchAt(c, "range", 3);
      assert.deepEqual([atEnd.p.errorCode, atEnd.batches.length], [0, 0]);
      b.broker.store.partition("range", 0)!.deleteBefore(2);
      const below = await fetchAt(c, "range", 1);
      assert.equal(below.p.errorCode, ErrorCode.OFFSET_OUT_OF_RANGE);
      assert.equal(below.p.logStartOffset, 2);
      const unknown = await c.request(FetchRequest, FetchResponse, 11, fetchRequest("nope", 0, 0));
      assert.equal(
        unknown.responses[0].partitions[0].errorCode,
        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      );
    } finally {
      c.close();
    }
  });
});

Deno.test("idempotent producer: a retried batch keeps its offset, a gap is refused", async () => {
  await withBroker({}, async (b) => {
    b.broker.createTopic("idem", 1, {});
    const c = await RawClient.connect(b.port);
    try {
      const id = { producerId: 4242, producerEpoch: 0 };
      const first = buildBatch(values("a", "b"), { ...id, baseSequence: 0 });
      const second = buildBatch(values("c"), { ...id, baseSequence: 2 });
      assert.equal((await produce(c, "idem", first)).baseOffset, 0);
      assert.equal((await produce(c, "idem", second)).baseOffset, 2);
      const retry = await produce(c, "idem", first);
      assert.deepEqual([retry.errorCode, retry.baseOffset], [0, 0]);
      assert.equal(b.broker.store.partition("idem", 0)!.nextOffset, 3, "not stored twice");
      const gap = buildBatch(values("e"), { ...id, baseSequence: 7 });
      assert.equal(
        (await produce(c, "idem", gap)).errorCode,
        ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
      );
      assert.equal(b.broker.store.partition("idem", 0)!.nextOffset, 3);
    } finally {
      c.close();
    }
  });
});

Deno.test("memory and disk full: a retriable error with a throttle time, never over max_memory", async () => {
  const segment = 64 * 1024;
  const limits = {
    maxMemoryBytes: 4 * segment,
    segmentSizeBytes: segment,
    maxDiskBytes: 4 * segment,
  };
  await withBroker(limits, async (b) => {
    b.broker.createTopic("full", 1, {});
    const c = await RawClient.connect(b.port);
    try {
      const payload = "y".repeat(40 * 1024);
      let refused = null;
      for (let i = 0; i < 30 && !refused; i++) {
        const r = await c.request(
          ProduceRequest,
          ProduceResponse,
          8,
          produceRequest("full", 0, batchOf(payload)),
        );
        const p = r.responses[0].partitionResponses[0];
        if (p.errorCode !== 0) refused = { p, throttleTimeMs: r.throttleTimeMs };
        assert.ok(b.broker.store.pool.usedBytes <= 4 * segment);
        assert.ok(b.broker.store.diskStats().diskBytes <= 4 * segment);
      }
      assert.ok(refused, "a produce was refused");
      assert.equal(refused.p.errorCode, ErrorCode.KAFKA_STORAGE_ERROR);
      assert.ok(refused.throttleTimeMs > 0);
      assert.match(refused.p.errorMessage ?? "", /memory full/);
      // Freeing memory (retention) lets produces in again.
      b.broker.store.partition("full", 0)!.deleteBefore(
        b.broker.store.partition("full", 0)!.nextOffset,
      );
      assert.equal((await produce(c, "full", batchOf("after"))).errorCode, 0);
    } finally {
      c.close();
    }
  });
});

Deno.test("ListOffsets: earliest, latest and by timestamp", async () => {
  await withBroker({}, async (b) => {
    b.broker.createTopic("times", 1, {});
    const c = await RawClient.connect(b.port);
    try {
      for (const [i, ts] of [[0, 1000], [1, 2000], [2, 3000]]) {
        const batch = buildBatch([{ key: null, value: new Uint8Array([i]), timestampMs: ts }]);
        await produce(c, "times", batch);
      }
      const ask = async (timestamp: number) => {
        const r = await c.request(ListOffsetsRequest, ListOffsetsResponse, 5, {
          replicaId: -1,
          isolationLevel: 0,
          topics: [{
            name: "times",
            partitions: [{
              partitionIndex: 0,
              currentLeaderEpoch: -1,
              timestamp,
              maxNumOffsets: 1,
            }],
          }],
        });
        return r.topics[0].partitions[0];
      };
      assert.equal((await ask(-2)).offset, 0);
      assert.equal((await ask(-1)).offset, 3);
      assert.deepEqual([(await ask(1500)).offset, (await ask(1500)).timestamp], [1, 2000]);
      assert.equal((await ask(3000)).offset, 2);
      assert.equal((await ask(9999)).offset, -1);
    } finally {
      c.close();
    }
  });
});

Deno.test("time retention moves the log start and frees memory", async () => {
  let nowMs = 1_000_000;
  await withBroker({ retentionMs: 60_000 }, async (b) => {
    (b.broker as { now: () => number }).now = () => nowMs;
    b.broker.createTopic("ret", 1, {});
    b.broker.createTopic("keep", 1, { "retention.ms": "-1" });
    const c = await RawClient.connect(b.port);
    try {
      await produce(c, "ret", batchOf("old"));
      await produce(c, "keep", batchOf("old"));
      nowMs += 30_000;
      await produce(c, "ret", batchOf("new"));
      nowMs += 40_000;
      b.broker.enforceRetention();
      const log = b.broker.store.partition("ret", 0)!;
      assert.deepEqual([log.logStartOffset, log.nextOffset], [1, 2]);
      assert.equal(b.broker.store.partition("keep", 0)!.logStartOffset, 0);
      assert.equal((await fetchAt(c, "ret", 0)).p.errorCode, ErrorCode.OFFSET_OUT_OF_RANGE);
    } finally {
      c.close();
    }
  });
});

Deno.test("purge_on_fetch drops fetched batches and moves the log start", async () => {
  await withBroker({ purgeOnFetch: true }, async (b) => {
    b.broker.createTopic("purge", 1, {});
    const c = await RawClient.connect(b.port);
    try {
      await produce(c, "purge", batchOf("a", "b"));
      await produce(c, "purge", batchOf("c"));
      const f = await fetchAt(c, "purge", 0);
      assert.equal(f.records.length, 3);
      const log = b.broker.store.partition("purge", 0)!;
      assert.deepEqual([log.logStartOffset, log.batchCount], [3, 0]);
      assert.equal((await fetchAt(c, "purge", 0)).p.errorCode, ErrorCode.OFFSET_OUT_OF_RANGE);
    } finally {
      c.close();
    }
  });
});

Deno.test("produce to an unknown topic: auto-created when on, refused when off", async () => {
  await withBroker({ defaultPartitions: 3 }, async (b) => {
    const c = await RawClient.connect(b.port);
    try {
      assert.equal((await produce(c, "auto-on", batchOf("x"))).errorCode, 0);
      assert.equal(b.broker.store.topic("auto-on")!.partitions.length, 3);
    } finally {
      c.close();
    }
  });
  await withBroker({ autoCreateTopics: false }, async (b) => {
    const c = await RawClient.connect(b.port);
    try {
      const r = await produce(c, "auto-off", batchOf("x"));
      assert.equal(r.errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      assert.equal(b.broker.store.topic("auto-off"), undefined);
    } finally {
      c.close();
    }
  });
});
