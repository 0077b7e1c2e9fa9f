import assert from "node:assert/strict";
import {
  BATCH_HEADER_SIZE,
  BatchField,
  readBatchHeader,
  splitAndValidate,
} from "../broker/records/batch_header.ts";
import { crc32c } from "../broker/records/crc32c.ts";
import { buildBatch } from "../broker/records/record_codec.ts";

const enc = new TextEncoder();

function sampleBatch(count = 3, seed = "v"): Uint8Array {
  return buildBatch(
    Array.from({ length: count }, (_, i) => ({ value: enc.encode(`${seed}${i}`) })),
    { nowMs: 1_700_000_000_000 },
  );
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Applies `edit` to the header of a copy of `batch`, then re-signs its CRC-32C. */
function edited(batch: Uint8Array, edit: (view: DataView) => void, resign = true): Uint8Array {
  const copy = batch.slice();
  const view = new DataView(copy.buffer);
  edit(view);
  if (resign) view.setUint32(BatchField.crc, crc32c(copy, BatchField.attributes));
  return copy;
}

function errorOf(records: Uint8Array): string {
  const result = splitAndValidate(records);
  assert.ok("error" in result, "expected a validation error");
  return result.error;
}

Deno.test("a built batch validates and its header reads back", () => {
  const batch = buildBatch(
    [{ value: enc.encode("a"), timestampMs: 50 }, { value: enc.encode("b"), timestampMs: 90 }],
    { producerId: 2 ** 40 + 5, producerEpoch: 3, baseSequence: 17 },
  );
  const result = splitAndValidate(batch);
  assert.ok("batches" in result);
  assert.equal(result.batches.length, 1);
  const { bytes, header } = result.batches[0];
  assert.equal(bytes.length, batch.length);
  assert.deepEqual(header, readBatchHeader(batch));
  assert.equal(header.baseOffset, 0);
  assert.equal(header.batchLength, batch.length - 12);
  assert.equal(header.partitionLeaderEpoch, -1);
  assert.equal(header.magic, 2);
  assert.equal(header.crc, crc32c(batch, BatchField.attributes));
  assert.equal(header.attributes, 0);
  assert.equal(header.lastOffsetDelta, 1);
  assert.equal(header.baseTimestamp, 50);
  assert.equal(header.maxTimestamp, 90);
  assert.equal(header.producerId, 2 ** 40 + 5);
  assert.equal(header.producerEpoch, 3);
  assert.equal(header.baseSequence, 17);
  assert.equal(header.recordCount, 2);
});

Deno.test("readBatchHeader reads negative int64 fields and honours `at`", () => {
  const batch = sampleBatch();
  const shifted = concat(new Uint8Array(5), batch);
  const header = readBatchHeader(shifted, 5);
  assert.equal(header.producerId, -1);
  assert.equal(header.producerEpoch, -1);
  assert.equal(header.baseSequence, -1);
  assert.deepEqual(header, readBatchHeader(batch));
  const patched = edited(batch, (v) => v.setBigInt64(BatchField.baseOffset, 123456789012n));
  assert.equal(readBatchHeader(patched).baseOffset, 123456789012);
});

Deno.test("readBatchHeader refuses a buffer shorter than a header", () => {
  assert.throws(() => readBatchHeader(new Uint8Array(BATCH_HEADER_SIZE - 1)), RangeError);
  const batch = sampleBatch();
  assert.throws(() => readBatchHeader(batch, batch.length - BATCH_HEADER_SIZE + 1), RangeError);
  assert.throws(() => readBatchHeader(batch, -1), RangeError);
});

Deno.test("concatenated batches split into views of each batch", () => {
  const parts = [sampleBatch(1, "a"), sampleBatch(4, "bb"), sampleBatch(2, "ccc")];
  const records = concat(...parts);
  const result = splitAndValidate(records);
  assert.ok("batches" in result);
  assert.equal(result.batches.length, 3);
  let at = 0;
  result.batches.forEach(({ bytes, header }, i) => {
    assert.equal(bytes.buffer, records.buffer, "a view, not a copy");
    assert.equal(bytes.byteOffset, at);
    assert.deepEqual(bytes, parts[i]);
    assert.equal(header.recordCount, [1, 4, 2][i]);
    at += parts[i].length;
  });
});

Deno.test("an empty record set is an error", () => {
  assert.match(errorOf(new Uint8Array(0)), /empty/);
});

Deno.test("a record set shorter than a header is an error", () => {
  assert.match(errorOf(sampleBatch().subarray(0, 60)), /batch 0 at byte 0: 60 bytes left/);
});

Deno.test("a truncated batch (batchLength past the end) is an error", () => {
  const batch = sampleBatch();
  assert.match(errorOf(batch.subarray(0, batch.length - 1)), /batchLength \d+ outside/);
});

Deno.test("a batchLength too small for the header is an error", () => {
  const batch = edited(sampleBatch(), (v) => v.setInt32(BatchField.batchLength, 48), false);
  assert.match(errorOf(batch), /batchLength 48 outside 49\.\./);
  const negative = edited(sampleBatch(), (v) => v.setInt32(BatchField.batchLength, -12), false);
  assert.match(errorOf(negative), /batchLength -12 outside/);
});

Deno.test("trailing bytes after the last batch are an error naming that batch", () => {
  const records = concat(sampleBatch(), new Uint8Array(70));
  assert.match(errorOf(records), /^batch 1 at byte \d+: /);
  const short = concat(sampleBatch(), new Uint8Array(10));
  assert.match(errorOf(short), /^batch 1 .*10 bytes left/);
});

Deno.test("a magic other than 2 is an error", () => {
  const batch = edited(sampleBatch(), (v) => v.setInt8(BatchField.magic, 1));
  assert.match(errorOf(batch), /magic 1/);
});

Deno.test("any flipped byte covered by the CRC is a CRC-32C mismatch", () => {
  const batch = sampleBatch();
  for (const at of [BatchField.attributes, BatchField.producerId + 3, batch.length - 1]) {
    const corrupt = batch.slice();
    corrupt[at] ^= 0x01;
    assert.match(
      errorOf(corrupt),
      /CRC-32C mismatch: stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}/,
    );
  }
  const badCrc = edited(sampleBatch(), (v) => v.setUint32(BatchField.crc, 0xdeadbeef), false);
  assert.match(errorOf(badCrc), /stored 0xdeadbeef/);
});

Deno.test("a batch with zero records is an error", () => {
  const batch = edited(sampleBatch(1), (v) => {
    v.setInt32(BatchField.recordCount, 0);
    v.setInt32(BatchField.lastOffsetDelta, -1);
  });
  assert.match(errorOf(batch), /recordCount 0, must be at least 1/);
});

Deno.test("a recordCount that disagrees with lastOffsetDelta is an error", () => {
  const batch = edited(sampleBatch(3), (v) => v.setInt32(BatchField.lastOffsetDelta, 5));
  assert.match(errorOf(batch), /lastOffsetDelta 5 does not match recordCount 3/);
});

Deno.test("an unknown compression codec is an error", () => {
  const batch = edited(sampleBatch(), (v) => v.setInt16(BatchField.attributes, 5));
  assert.match(errorOf(batch), /unknown compression codec 5/);
});

Deno.test("the first problem is reported even when a later batch is fine", () => {
  const bad = edited(sampleBatch(), (v) => v.setInt8(BatchField.magic, 0));
  const records = concat(sampleBatch(), bad, sampleBatch());
  assert.match(errorOf(records), /^batch 1 at byte \d+: magic 0/);
});
