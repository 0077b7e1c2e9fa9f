/**
 * Records inside a RecordBatch v2: building a batch from records, and decoding
 * a stored batch back into records. Used where a plugin, the console or a test
 * needs records; the produce/fetch path moves whole batches and never calls it.
 *
 * Record (Kafka documentation, "Message Format" > "Record"):
 *   length: varint (bytes after this field) | attributes: int8 (unused) |
 *   timestampDelta: varlong | offsetDelta: varint |
 *   keyLength: varint (-1 = null) | key | valueLength: varint (-1 = null) | value |
 *   headerCount: varint | headers: [keyLength: varint | key (UTF-8) |
 *                                   valueLength: varint (-1 = null) | value]
 * With compression, the records section (everything after recordCount) is
 * compressed as a whole.
 */
import { gzipSync } from "node:zlib";
import { ProtocolError } from "../protocol/errors.ts";
import { Reader } from "../protocol/reader.ts";
import { Writer } from "../protocol/writer.ts";
import {
  BATCH_HEADER_SIZE,
  BatchField,
  type BatchHeader,
  Codec,
  COMPRESSION_MASK,
  LOG_OVERHEAD_SIZE,
  MAGIC_V2,
  readBatchHeader,
  TIMESTAMP_TYPE_LOG_APPEND_TIME,
} from "./batch_header.ts";
import { crc32c } from "./crc32c.ts";
import { decompress } from "./decompress.ts";

export interface RecordHeader {
  key: string;
  value: Uint8Array | null;
}

export interface Record {
  offset: number;
  timestampMs: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: RecordHeader[];
}

export interface NewRecord {
  key?: Uint8Array | null;
  value: Uint8Array | null;
  headers?: RecordHeader[];
  timestampMs?: number;
}

export interface BuildBatchOptions {
  compression?: "none" | "gzip";
  /** -1 (no idempotence) unless given; the same default for epoch and sequence. */
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  /** Timestamp for records without their own; Date.now() unless given. */
  nowMs?: number;
}

/** Kafka's RecordBatch.NO_PARTITION_LEADER_EPOCH, also "no producer id/epoch/sequence". */
const NONE = -1;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

function writeNullableBytes(w: Writer, bytes: Uint8Array | null): void {
  if (bytes === null) w.varint(-1);
  else w.varint(bytes.length).raw(bytes);
}

function writeRecord(w: Writer, r: NewRecord, offsetDelta: number, timestampDelta: number): void {
  w.int8(0).varlong(timestampDelta).varint(offsetDelta);
  writeNullableBytes(w, r.key ?? null);
  writeNullableBytes(w, r.value);
  const headers = r.headers ?? [];
  w.varint(headers.length);
  for (const h of headers) {
    const key = utf8Encoder.encode(h.key);
    w.varint(key.length).raw(key);
    writeNullableBytes(w, h.value);
  }
}

/** Builds one RecordBatch v2 (uncompressed or gzip) with baseOffset 0 and a valid CRC-32C. */
export function buildBatch(records: NewRecord[], opts: BuildBatchOptions = {}): Uint8Array {
  if (records.length === 0) throw new RangeError("buildBatch needs at least one record");
  for (const r of records) {
    if (!(r.value === null || r.value instanceof Uint8Array)) {
      throw new TypeError("record value must be a Uint8Array or null");
    }
  }
  const nowMs = opts.nowMs ?? Date.now();
  const timestampsMs = records.map((r) => r.timestampMs ?? nowMs);
  const baseTimestampMs = timestampsMs[0];
  const maxTimestampMs = timestampsMs.reduce((a, b) => Math.max(a, b));

  const body = new Writer();
  const one = new Writer();
  records.forEach((r, i) => {
    writeRecord(one.reset(), r, i, timestampsMs[i] - baseTimestampMs);
    body.varint(one.offset).raw(one.written());
  });
  const codec = opts.compression === "gzip" ? Codec.gzip : Codec.none;
  const section = codec === Codec.gzip ? gzipSync(body.written()) : body.written();

  const out = new Writer(BATCH_HEADER_SIZE + section.length);
  out.int64(0)
    .int32(BATCH_HEADER_SIZE - LOG_OVERHEAD_SIZE + section.length)
    .int32(NONE) // partitionLeaderEpoch
    .int8(MAGIC_V2)
    .uint32(0) // crc, patched below
    .int16(codec)
    .int32(records.length - 1) // lastOffsetDelta
    .int64(baseTimestampMs)
    .int64(maxTimestampMs)
    .int64(opts.producerId ?? NONE)
    .int16(opts.producerEpoch ?? NONE)
    .int32(opts.baseSequence ?? NONE)
    .int32(records.length)
    .raw(section);
  const batch = out.finish();
  new DataView(batch.buffer).setUint32(BatchField.crc, crc32c(batch, BatchField.attributes));
  return batch;
}

/** Reads a varint length and that many bytes; -1 means null. Copies when `copy`. */
function readNullableBytes(r: Reader, copy: boolean, what: string): Uint8Array | null {
  const sizeBytes = r.varint();
  if (sizeBytes === -1) return null;
  if (sizeBytes < 0) throw new ProtocolError(`${what} length ${sizeBytes}`);
  const bytes = r.raw(sizeBytes, what);
  return copy ? bytes.slice() : bytes;
}

function readRecord(r: Reader, header: BatchHeader, copy: boolean): Record {
  const sizeBytes = r.varint();
  const end = r.offset + sizeBytes;
  if (sizeBytes < 0 || end > r.end) {
    throw new ProtocolError(`record length ${sizeBytes} at ${r.offset} overruns its batch`);
  }
  r.skip(1); // record attributes: unused in v2
  const timestampDeltaMs = r.varlong();
  const offsetDelta = r.varint();
  const key = readNullableBytes(r, copy, "record key");
  const value = readNullableBytes(r, copy, "record value");
  const headerCount = r.varint();
  if (headerCount < 0) throw new ProtocolError(`record header count ${headerCount}`);
  const headers: RecordHeader[] = [];
  for (let i = 0; i < headerCount; i++) {
    const keySizeBytes = r.varint();
    if (keySizeBytes < 0) throw new ProtocolError(`record header key length ${keySizeBytes}`);
    const headerKey = utf8Decoder.decode(r.raw(keySizeBytes, "record header key"));
    headers.push({ key: headerKey, value: readNullableBytes(r, copy, "record header value") });
  }
  if (r.offset !== end) {
    throw new ProtocolError(`record ends at ${r.offset}, its length said ${end}`);
  }
  // With LogAppendTime every record carries the batch's maxTimestamp (Kafka DefaultRecordBatch).
  const logAppendTime = (header.attributes & TIMESTAMP_TYPE_LOG_APPEND_TIME) !== 0;
  return {
    offset: header.baseOffset + offsetDelta,
    timestampMs: logAppendTime ? header.maxTimestamp : header.baseTimestamp + timestampDeltaMs,
    key,
    value,
    headers,
  };
}

/**
 * Decodes all records of one stored batch, with absolute offsets and
 * timestamps, decompressing gzip, snappy, lz4 or zstd. Keys and values never
 * alias `batch`: an uncompressed batch's bytes are copied out.
 */
export function decodeBatch(batch: Uint8Array): Record[] {
  const header = readBatchHeader(batch);
  if (header.magic !== MAGIC_V2) throw new ProtocolError(`batch magic ${header.magic}, not 2`);
  const end = LOG_OVERHEAD_SIZE + header.batchLength;
  if (end < BATCH_HEADER_SIZE || end > batch.length) {
    throw new ProtocolError(
      `batchLength ${header.batchLength} outside a ${batch.length}-byte batch`,
    );
  }
  const codec = header.attributes & COMPRESSION_MASK;
  const section = batch.subarray(BATCH_HEADER_SIZE, end);
  const body = codec === Codec.none ? section : decompress(codec, section);
  const reader = new Reader(body);
  const records: Record[] = [];
  for (let i = 0; i < header.recordCount; i++) {
    records.push(readRecord(reader, header, codec === Codec.none));
  }
  if (reader.remaining !== 0) {
    throw new ProtocolError(`${reader.remaining} bytes left after ${header.recordCount} records`);
  }
  return records;
}
