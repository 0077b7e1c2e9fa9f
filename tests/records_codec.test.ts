import assert from "node:assert/strict";
import {
  BATCH_HEADER_SIZE,
  BatchField,
  Codec,
  readBatchHeader,
  splitAndValidate,
  TIMESTAMP_TYPE_LOG_APPEND_TIME,
} from "../broker/records/batch_header.ts";
import { buildBatch, decodeBatch, type NewRecord } from "../broker/records/record_codec.ts";
import { ProtocolError } from "../broker/protocol/errors.ts";
import { resigned } from "./helpers/requests.ts";

const enc = new TextEncoder();
const NOW_MS = 1_700_000_000_000;

const mixed: NewRecord[] = [
  { key: enc.encode("key-0"), value: enc.encode("value-0"), timestampMs: NOW_MS },
  { key: null, value: enc.encode("no key") },
  { key: enc.encode("k2"), value: null, timestampMs: NOW_MS - 5_000 },
  { value: new Uint8Array(0), timestampMs: NOW_MS + 7 },
  { key: new Uint8Array(0), value: enc.encode("empty key") },
  {
    key: enc.encode("with headers"),
    value: enc.encode("v"),
    headers: [
      { key: "trace-id", value: enc.encode("abc") },
      { key: "null-value", value: null },
      { key: "ünïcødé ✓", value: new Uint8Array([0, 255]) },
      { key: "", value: new Uint8Array(0) },
    ],
  },
];

Deno.test("decodeBatch(buildBatch(x)) round-trips keys, values, nulls, empties and headers", () => {
  const records = decodeBatch(buildBatch(mixed, { nowMs: NOW_MS }));
  assert.equal(records.length, mixed.length);
  records.forEach((r, i) => {
    assert.equal(r.offset, i);
    assert.deepEqual(r.key, mixed[i].key ?? null);
    assert.deepEqual(r.value, mixed[i].value);
    assert.deepEqual(r.headers, mixed[i].headers ?? []);
  });
});

Deno.test("timestamps are absolute; records without one get nowMs", () => {
  const batch = buildBatch(mixed, { nowMs: NOW_MS });
  const header = readBatchHeader(batch);
  assert.equal(header.baseTimestamp, NOW_MS);
  assert.equal(header.maxTimestamp, NOW_MS + 7);
  assert.deepEqual(
    decodeBatch(batch).map((r) => r.timestampMs),
    [NOW_MS, NOW_MS, NOW_MS - 5_000, NOW_MS + 7, NOW_MS, NOW_MS],
  );
});

Deno.test("nowMs defaults to the current time", () => {
  const beforeMs = Date.now();
  const [record] = decodeBatch(buildBatch([{ value: null }]));
  assert.ok(record.timestampMs >= beforeMs && record.timestampMs <= Date.now());
});

Deno.test("offsets are absolute once the broker patches baseOffset", () => {
  const batch = buildBatch(mixed.slice(0, 3), { nowMs: NOW_MS });
  new DataView(batch.buffer).setBigInt64(BatchField.baseOffset, 1_000_000_000_000n);
  assert.ok("batches" in splitAndValidate(batch), "baseOffset is outside the CRC");
  assert.deepEqual(
    decodeBatch(batch).map((r) => r.offset),
    [1_000_000_000_000, 1_000_000_000_001, 1_000_000_000_002],
  );
});

Deno.test("with LogAppendTime every record carries the batch maxTimestamp", () => {
  const batch = resigned(buildBatch(mixed, { nowMs: NOW_MS }), (v) => {
    v.setInt16(BatchField.attributes, TIMESTAMP_TYPE_LOG_APPEND_TIME);
    v.setBigInt64(BatchField.maxTimestamp, 1_800_000_000_000n);
  });
  for (const r of decodeBatch(batch)) assert.equal(r.timestampMs, 1_800_000_000_000);
});

Deno.test("producer id, epoch and sequence options land in the header", () => {
  const header = readBatchHeader(
    buildBatch([{ value: null }], { producerId: 77, producerEpoch: 2, baseSequence: 300 }),
  );
  assert.equal(header.producerId, 77);
  assert.equal(header.producerEpoch, 2);
  assert.equal(header.baseSequence, 300);
});

Deno.test("gzip batches validate and round-trip", () => {
  const repetitive = mixed.concat(
    Array.from({ length: 200 }, (_, i) => ({ value: enc.encode(`repeat ${i % 3}`) })),
  );
  const plain = buildBatch(repetitive, { nowMs: NOW_MS });
  const gzip = buildBatch(repetitive, { nowMs: NOW_MS, compression: "gzip" });
  assert.equal(readBatchHeader(gzip).attributes, Codec.gzip);
  assert.ok(gzip.length < plain.length);
  assert.ok("batches" in splitAndValidate(gzip));
  assert.deepEqual(decodeBatch(gzip), decodeBatch(plain));
});

Deno.test("a 1 MiB value round-trips plain and gzip", () => {
  const big = Uint8Array.from({ length: 1024 * 1024 }, (_, i) => (i * 31 + (i >> 10)) & 0xff);
  for (const compression of ["none", "gzip"] as const) {
    const batch = buildBatch([{ key: enc.encode("big"), value: big }, { value: null }], {
      compression,
      nowMs: NOW_MS,
    });
    const result = splitAndValidate(batch);
    assert.ok("batches" in result, compression);
    const [first, second] = decodeBatch(batch);
    assert.deepEqual(first.value, big);
    assert.equal(second.value, null);
    assert.equal(second.offset, 1);
  }
});

Deno.test("decoded bytes do not alias the stored batch", () => {
  const batch = buildBatch([{ key: enc.encode("k"), value: enc.encode("v") }]);
  const [record] = decodeBatch(batch);
  batch.fill(0, BATCH_HEADER_SIZE);
  assert.deepEqual(record.key, enc.encode("k"));
  assert.deepEqual(record.value, enc.encode("v"));
});

Deno.test("decodeBatch decodes a batch that is a view inside a larger buffer", () => {
  const batch = buildBatch(mixed, { nowMs: NOW_MS });
  const outer = new Uint8Array(batch.length + 9);
  outer.set(batch, 4);
  assert.deepEqual(decodeBatch(outer.subarray(4, 4 + batch.length)), decodeBatch(batch));
});

Deno.test("buildBatch refuses no records and a missing value", () => {
  assert.throws(() => buildBatch([]), RangeError);
  assert.throws(() => buildBatch([{} as NewRecord]), TypeError);
});

Deno.test("decodeBatch rejects malformed batches with a ProtocolError", () => {
  const batch = buildBatch([{ value: enc.encode("abc") }], { nowMs: NOW_MS });
  const wrongMagic = batch.slice();
  wrongMagic[BatchField.magic] = 1;
  assert.throws(() => decodeBatch(wrongMagic), ProtocolError);
  assert.throws(() => decodeBatch(batch.subarray(0, batch.length - 1)), ProtocolError);
  const tooManyRecords = resigned(batch, (v) => v.setInt32(BatchField.recordCount, 2));
  assert.throws(() => decodeBatch(tooManyRecords), /truncated/);
  const tooFewRecords = resigned(batch, (v) => v.setInt32(BatchField.recordCount, 0));
  assert.throws(() => decodeBatch(tooFewRecords), /bytes left after 0 records/);
  const badRecordLength = batch.slice();
  badRecordLength[BATCH_HEADER_SIZE] += 2; // zig-zag length + 1 byte
  assert.throws(() => decodeBatch(badRecordLength), ProtocolError);
});
