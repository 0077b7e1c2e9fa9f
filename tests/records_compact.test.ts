import assert from "node:assert/strict";
import { zstdCompressSync } from "node:zlib";
import {
  BATCH_HEADER_SIZE,
  BatchField,
  type BatchHeader,
  Codec,
  COMPRESSION_MASK,
  CONTROL_BATCH,
  LOG_OVERHEAD_SIZE,
  readBatchHeader,
  splitAndValidate,
  TIMESTAMP_TYPE_LOG_APPEND_TIME,
} from "../broker/records/batch_header.ts";
import { compactBatches, type CompactInput, hasNullKey } from "../broker/records/compact.ts";
import { ProtocolError } from "../broker/protocol/errors.ts";
import { crc32c } from "../broker/records/crc32c.ts";
import {
  buildBatch,
  type BuildBatchOptions,
  decodeBatch,
  type NewRecord,
  type Record,
} from "../broker/records/record_codec.ts";
import { resigned } from "./helpers/requests.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();
const T0_MS = 1_700_000_000_000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Options under which nothing is old enough to expire. */
const FRESH = { nowMs: T0_MS, deleteRetentionMs: DAY_MS };

function rec(key: string | null, value: string | null, timestampMs = T0_MS): NewRecord {
  return {
    key: key === null ? null : enc.encode(key),
    value: value === null ? null : enc.encode(value),
    timestampMs,
  };
}

/** buildBatch with the baseOffset the broker would have assigned (not covered by the CRC). */
function stored(baseOffset: number, records: NewRecord[], opts: BuildBatchOptions = {}) {
  const batch = buildBatch(records, { nowMs: T0_MS, ...opts });
  new DataView(batch.buffer).setBigInt64(BatchField.baseOffset, BigInt(baseOffset));
  return batch;
}

function inputs(batches: Uint8Array[], appendTimeMs = T0_MS): CompactInput[] {
  return batches.map((batch) => ({ batch, appendTimeMs }));
}

/** "key=value@offset" of every record, null key/value shown as "-". */
function summary(batches: (Uint8Array | null)[]): string[] {
  return batches.flatMap((b) =>
    b === null
      ? []
      : decodeBatch(b).map((r) =>
        `${r.key === null ? "-" : dec.decode(r.key)}=${
          r.value === null ? "-" : dec.decode(r.value)
        }@${r.offset}`
      )
  );
}

/** Asserts the CRC-32C is right, by hand and through splitAndValidate (see the test below). */
function assertCrcValid(batch: Uint8Array): void {
  const header = readBatchHeader(batch);
  assert.equal(crc32c(batch, BatchField.attributes), header.crc);
  const result = splitAndValidate(batch);
  if (header.lastOffsetDelta === header.recordCount - 1) {
    assert.ok("batches" in result, JSON.stringify(result));
  } else {
    // The produce-side check refuses offset gaps, which compaction makes by design; it runs
    // after the CRC check, so reaching it means the CRC, magic, codec and length passed.
    assert.deepEqual(result, {
      error: `batch 0 at byte 0: lastOffsetDelta ${header.lastOffsetDelta} does not match ` +
        `recordCount ${header.recordCount}`,
    });
  }
}

/** The header fields compaction must not change. */
function keptFields(h: BatchHeader) {
  return {
    baseOffset: h.baseOffset,
    partitionLeaderEpoch: h.partitionLeaderEpoch,
    magic: h.magic,
    attributesBesidesCompression: h.attributes & ~COMPRESSION_MASK,
    lastOffsetDelta: h.lastOffsetDelta,
    baseTimestamp: h.baseTimestamp,
    maxTimestamp: h.maxTimestamp,
    producerId: h.producerId,
    producerEpoch: h.producerEpoch,
    baseSequence: h.baseSequence,
  };
}

Deno.test("the latest value of each key survives, across batches", () => {
  const b0 = stored(0, [rec("a", "a0"), rec("b", "b0"), rec("c", "c0")]);
  const b1 = stored(3, [rec("a", "a1"), rec("d", "d0")]);
  const b2 = stored(5, [rec("b", "b1"), rec("a", "a2")]);
  const result = compactBatches(inputs([b0, b1, b2]), FRESH);
  assert.deepEqual(summary(result.batches), ["c=c0@2", "d=d0@4", "b=b1@5", "a=a2@6"]);
  assert.equal(result.batches[2], b2);
  assert.equal(result.recordsBefore, 7);
  assert.equal(result.recordsAfter, 4);
  assert.equal(result.tombstonesRemoved, 0);
  for (const b of result.batches) if (b !== null) assertCrcValid(b);
});

Deno.test("keys compare by content, not by identity or text decoding", () => {
  const raw = (key: number[], value: string): NewRecord => ({
    key: new Uint8Array(key),
    value: enc.encode(value),
  });
  const b0 = stored(0, [raw([0xff, 0x00], "x0"), raw([0xfe], "y0"), raw([], "empty0")]);
  const b1 = stored(3, [raw([0xff, 0x00], "x1"), raw([], "empty1"), raw([0xff], "z0")]);
  const result = compactBatches(inputs([b0, b1]), FRESH);
  assert.deepEqual(
    result.batches.flatMap((b) =>
      b === null ? [] : decodeBatch(b).map((r) => dec.decode(r.value!))
    ),
    ["y0", "x1", "empty1", "z0"],
  );
});

Deno.test("survivors keep offsets, timestamps, keys, values and headers; kept header fields stay", () => {
  const withHeaders: NewRecord = {
    key: enc.encode("h"),
    value: enc.encode("with headers"),
    timestampMs: T0_MS - 5_000,
    headers: [
      { key: "trace-id", value: enc.encode("abc") },
      { key: "null-value", value: null },
      { key: "ünïcødé ✓", value: new Uint8Array([0, 255]) },
    ],
  };
  const original = resigned(
    stored(100, [
      rec("x", "old", T0_MS + 9),
      withHeaders,
      rec("x", "mid", T0_MS + 20),
      rec(null, "no key", T0_MS - 1),
      rec("y", "y0", T0_MS + 3),
    ], { producerId: 4242, producerEpoch: 3, baseSequence: 77 }),
    (view) => view.setInt32(BatchField.partitionLeaderEpoch, 12),
  );
  const later = stored(105, [rec("x", "new")]);
  const result = compactBatches(inputs([original, later]), FRESH);
  const rewritten = result.batches[0];
  assert.ok(rewritten !== null && rewritten !== original);

  const expected: Record[] = decodeBatch(original).filter((_, i) => i !== 0 && i !== 2);
  assert.deepEqual(decodeBatch(rewritten), expected);
  assert.deepEqual(
    keptFields(readBatchHeader(rewritten)),
    keptFields(readBatchHeader(original)),
  );
  assert.equal(readBatchHeader(rewritten).recordCount, 3);
  assert.equal(readBatchHeader(rewritten).baseTimestamp, T0_MS + 9);
  assert.equal(readBatchHeader(rewritten).maxTimestamp, T0_MS + 20);
  assertCrcValid(rewritten);
});

Deno.test("with LogAppendTime, the rewritten batch keeps the bit and the records' timestamps", () => {
  const original = resigned(
    stored(0, [rec("k", "old"), rec("j", "j0")]),
    (view) => {
      view.setInt16(BatchField.attributes, TIMESTAMP_TYPE_LOG_APPEND_TIME);
      view.setBigInt64(BatchField.maxTimestamp, BigInt(T0_MS + 1234));
    },
  );
  const result = compactBatches(inputs([original, stored(2, [rec("k", "new")])]), FRESH);
  const rewritten = result.batches[0]!;
  assert.equal(readBatchHeader(rewritten).attributes, TIMESTAMP_TYPE_LOG_APPEND_TIME);
  assert.deepEqual(decodeBatch(rewritten).map((r) => r.timestampMs), [T0_MS + 1234]);
  assertCrcValid(rewritten);
});

Deno.test("a batch whose records all die becomes null", () => {
  const b0 = stored(0, [rec("a", "a0"), rec("b", "b0")]);
  const b1 = stored(2, [rec("b", "b1"), rec("a", "a1")]);
  const result = compactBatches(inputs([b0, b1]), FRESH);
  assert.deepEqual(result.batches, [null, b1]);
  assert.equal(result.recordsAfter, 2);
});

Deno.test("a batch with nothing removed is returned as the same object", () => {
  const b0 = stored(0, [rec("a", "a0"), rec("b", "b0")]);
  const b1 = stored(2, [rec("c", "c0"), rec(null, "n")]);
  const result = compactBatches(inputs([b0, b1]), FRESH);
  assert.equal(result.batches[0], b0);
  assert.equal(result.batches[1], b1);
  assert.equal(result.recordsBefore, result.recordsAfter);
});

Deno.test("compacting a compacted log changes nothing", () => {
  const first = compactBatches(
    inputs([
      stored(0, [rec("a", "a0"), rec("b", "b0"), rec("c", "c0")]),
      stored(3, [rec("a", "a1"), rec("b", "b1")]),
      stored(5, [rec("c", "c1"), rec("d", "d0")]),
    ]),
    FRESH,
  );
  const survivors = first.batches.filter((b) => b !== null);
  const second = compactBatches(inputs(survivors), FRESH);
  survivors.forEach((b, i) => assert.equal(second.batches[i], b));
  assert.equal(second.recordsBefore, first.recordsAfter);
  assert.equal(second.recordsAfter, first.recordsAfter);
});

Deno.test("a latest tombstone stays up to delete.retention.ms and goes after", () => {
  const b0 = stored(0, [rec("a", "a0"), rec("b", "b0")]);
  const b1 = stored(2, [rec("a", null)]);
  const input = [{ batch: b0, appendTimeMs: T0_MS }, { batch: b1, appendTimeMs: T0_MS + 10 }];
  const retentionMs = 1000;

  for (const nowMs of [T0_MS + 10, T0_MS + 10 + retentionMs]) {
    const kept = compactBatches(input, { nowMs, deleteRetentionMs: retentionMs });
    assert.deepEqual(summary(kept.batches), ["b=b0@1", "a=-@2"], `at ${nowMs}`);
    assert.equal(kept.batches[1], b1);
    assert.equal(kept.tombstonesRemoved, 0);
    assert.equal(kept.tombstonesKept, 1);
  }

  const gone = compactBatches(input, {
    nowMs: T0_MS + 11 + retentionMs,
    deleteRetentionMs: retentionMs,
  });
  assert.deepEqual(summary(gone.batches), ["b=b0@1"]);
  assert.equal(gone.batches[1], null);
  assert.equal(gone.tombstonesRemoved, 1);
  assert.equal(gone.tombstonesKept, 0);
  assert.equal(gone.recordsAfter, 1);
});

Deno.test("a superseded tombstone goes at once and does not count as expired", () => {
  const b0 = stored(0, [rec("a", null), rec("b", null)]);
  const b1 = stored(2, [rec("a", "back")]);
  const result = compactBatches(inputs([b0, b1]), FRESH);
  assert.deepEqual(summary(result.batches), ["b=-@1", "a=back@2"]);
  assert.equal(result.tombstonesRemoved, 0);
});

Deno.test("records with a null key always survive", () => {
  const b0 = stored(0, [rec(null, "n0"), rec("a", "a0"), rec(null, null), rec(null, "n0")]);
  const b1 = stored(4, [rec("a", "a1"), rec(null, "n1")]);
  const result = compactBatches(inputs([b0, b1]), { nowMs: T0_MS + DAY_MS, deleteRetentionMs: 0 });
  assert.deepEqual(summary(result.batches), ["-=n0@0", "-=-@2", "-=n0@3", "a=a1@4", "-=n1@5"]);
  assert.equal(result.tombstonesRemoved, 0);
});

Deno.test("a gzip batch is rewritten uncompressed and decodes to the survivors", () => {
  const records = [rec("a", "a0".repeat(500)), rec("b", "b0"), rec(null, "n"), rec("c", "c0")];
  const gzipped = stored(10, records, { compression: "gzip" });
  assert.equal(readBatchHeader(gzipped).attributes & COMPRESSION_MASK, Codec.gzip);
  const result = compactBatches(inputs([gzipped, stored(14, [rec("b", "b1")])]), FRESH);
  const rewritten = result.batches[0]!;
  assert.equal(readBatchHeader(rewritten).attributes & COMPRESSION_MASK, Codec.none);
  assert.deepEqual(
    decodeBatch(rewritten),
    decodeBatch(gzipped).filter((r) => r.offset !== 11),
  );
  assert.deepEqual(keptFields(readBatchHeader(rewritten)), keptFields(readBatchHeader(gzipped)));
  assertCrcValid(rewritten);
});

Deno.test("a compressed batch with nothing removed stays compressed (same object)", () => {
  const gzipped = stored(0, [rec("a", "a0"), rec("b", "b0")], { compression: "gzip" });
  assert.equal(compactBatches(inputs([gzipped]), FRESH).batches[0], gzipped);
});

Deno.test("a zstd batch is rewritten uncompressed too", () => {
  const plain = stored(0, [rec("a", "a0"), rec("b", "b0"), rec("a", "a1")]);
  const section = zstdCompressSync(plain.subarray(BATCH_HEADER_SIZE));
  const zstd = new Uint8Array(BATCH_HEADER_SIZE + section.length);
  zstd.set(plain.subarray(0, BATCH_HEADER_SIZE));
  zstd.set(section, BATCH_HEADER_SIZE);
  const signed = resigned(zstd, (view) => {
    view.setInt32(BatchField.batchLength, zstd.length - LOG_OVERHEAD_SIZE);
    view.setInt16(BatchField.attributes, Codec.zstd);
  });
  const rewritten = compactBatches(inputs([signed]), FRESH).batches[0]!;
  assert.equal(readBatchHeader(rewritten).attributes, Codec.none);
  assert.deepEqual(summary([rewritten]), ["b=b0@1", "a=a1@2"]);
  assertCrcValid(rewritten);
});

Deno.test("the CRC-32C is recomputed: splitAndValidate gets past it, and a flipped byte fails it", () => {
  const b0 = stored(0, [rec("a", "a0"), rec("b", "b0"), rec("c", "c0")]);
  const rewritten = compactBatches(inputs([b0, stored(3, [rec("b", "b1")])]), FRESH).batches[0]!;
  assertCrcValid(rewritten);
  const corrupt = rewritten.slice();
  corrupt[corrupt.length - 1] ^= 1;
  const result = splitAndValidate(corrupt);
  assert.ok("error" in result && result.error.includes("CRC-32C mismatch"), JSON.stringify(result));
});

Deno.test("lastOffsetDelta is kept when the batch's last record is removed", () => {
  const b0 = stored(20, [rec("a", "a0"), rec("b", "b0"), rec("c", "c0")]);
  const b1 = stored(23, [rec("c", "c1")]);
  const result = compactBatches(inputs([b0, b1]), FRESH);
  const rewritten = result.batches[0]!;
  const header = readBatchHeader(rewritten);
  assert.equal(header.baseOffset, 20);
  assert.equal(header.lastOffsetDelta, 2);
  assert.equal(header.recordCount, 2);
  assert.deepEqual(summary(result.batches), ["a=a0@20", "b=b0@21", "c=c1@23"]);
  assertCrcValid(rewritten);
});

Deno.test("control batches are returned unchanged and do not take part in the key map", () => {
  const control = resigned(
    stored(2, [rec("a", "marker")], { producerId: 9, producerEpoch: 0 }),
    (view) => view.setInt16(BatchField.attributes, CONTROL_BATCH),
  );
  const b0 = stored(0, [rec("a", "a0"), rec("b", "b0")]);
  const result = compactBatches(inputs([b0, control]), FRESH);
  assert.equal(result.batches[0], b0);
  assert.equal(result.batches[1], control);
  assert.equal(result.recordsBefore, 3);
  assert.equal(result.recordsAfter, 3);
});

Deno.test("hasNullKey is true when any record has a null key, compressed or not", () => {
  assert.equal(hasNullKey(stored(0, [rec("a", "a0"), rec("b", null)])), false);
  assert.equal(hasNullKey(stored(0, [{ key: new Uint8Array(0), value: null }])), false);
  assert.equal(hasNullKey(stored(0, [rec("a", "a0"), rec(null, "n")])), true);
  assert.equal(hasNullKey(stored(0, [{ value: enc.encode("no key field") }])), true);
  assert.equal(hasNullKey(stored(0, [rec("a", "a0")], { compression: "gzip" })), false);
  assert.equal(
    hasNullKey(stored(0, [rec("a", "a0"), rec(null, "n")], { compression: "gzip" })),
    true,
  );
});

Deno.test("batches out of offset order are refused", () => {
  const b0 = stored(0, [rec("a", "a0"), rec("b", "b0")]);
  const overlapping = stored(1, [rec("a", "a1")]);
  assert.throws(() => compactBatches(inputs([b0, overlapping]), FRESH), assert.AssertionError);
  assert.throws(
    () => compactBatches(inputs([stored(5, [rec("a", "x")]), b0]), FRESH),
    assert.AssertionError,
  );
});

Deno.test("an empty input compacts to nothing", () => {
  assert.deepEqual(compactBatches([], FRESH), {
    batches: [],
    recordsBefore: 0,
    recordsAfter: 0,
    tombstonesRemoved: 0,
    tombstonesKept: 0,
  });
});

Deno.test("a record whose offsetDelta repeats an earlier one is refused as malformed", () => {
  const batch = stored(0, [rec("a", "a0"), rec("a", "a1")]);
  // Second record: length varint, attributes, timestampDelta 0, then offsetDelta (zig-zag 1 = 2).
  const secondAt = BATCH_HEADER_SIZE + 1 + batch[BATCH_HEADER_SIZE] / 2;
  assert.equal(batch[secondAt + 3], 2);
  const repeated = resigned(batch, (view) => view.setUint8(secondAt + 3, 0));
  assert.throws(() => compactBatches(inputs([repeated]), FRESH), ProtocolError);
});
