/**
 * Log compaction (cleanup.policy=compact) of one partition's stored batches, as a pure function:
 * batches in, rewritten batches out. Holding no state and touching no storage, it can run wherever
 * the caller likes and be tested byte for byte.
 *
 * It is Kafka's log cleaner, simplified (Kafka documentation, "Design" > "Log Compaction"):
 *   pass 1 maps each key (compared by content) to the highest offset that holds it;
 *   pass 2 keeps a keyed record iff it is at that offset and is not a tombstone (null value)
 *   whose batch was appended more than delete.retention.ms ago. Records with a null key
 *   cannot be compacted and always stay. Not modelled: transactions (aborted data and markers
 *   are not removed), the active segment and min.cleanable.dirty.ratio (the caller picks the
 *   batches), and keeping empty batches for producer state (a batch left empty becomes null).
 *
 * Offsets never change. A rewritten batch is the input's 61-byte header (batch_header.ts) with
 * only batchLength, attributes' compression bits, recordCount and the CRC-32C changed, followed
 * by the surviving records copied byte for byte, so each keeps its offsetDelta, timestampDelta,
 * key, value and headers. Record (record_codec.ts, Kafka "Message Format" > "Record"):
 *   length: varint | attributes: int8 | timestampDelta: varlong | offsetDelta: varint |
 *   keyLength: varint (-1 = null) | key | valueLength: varint (-1 = null) | value |
 *   headerCount: varint | headers: [keyLength: varint | key | valueLength: varint | value]
 * lastOffsetDelta, baseTimestamp and maxTimestamp stay as they were, as in Kafka, so a batch
 * keeps its offset range and timestamps even when its last or newest record is gone; its
 * recordCount is then below lastOffsetDelta + 1 (which produce validation would refuse, but
 * consumers accept: offsets in a compacted log have gaps).
 *
 * Rewritten batches are uncompressed, whatever the input's codec: the surviving records are
 * already at hand decompressed, compaction leaves fewer of them, and recompressing would put a
 * compressor (and, for snappy/lz4, an encoder this project does not have) on the cleaner's path.
 * A batch with nothing removed is returned as it is, still compressed.
 *
 * Control batches (transaction markers) are returned unchanged and their records take no part
 * in the key map. Records are decoded once per pass instead of being cached between passes:
 * holding every record of a partition at once would double the memory of a broker that keeps
 * its records in RAM, while decoding a batch again costs one more pass over it.
 */
import assert from "node:assert/strict";
import { ProtocolError } from "../protocol/errors.ts";
import { Reader } from "../protocol/reader.ts";
import {
  BATCH_HEADER_SIZE,
  BatchField,
  type BatchHeader,
  Codec,
  COMPRESSION_MASK,
  CONTROL_BATCH,
  LOG_OVERHEAD_SIZE,
  MAGIC_V2,
  readBatchHeader,
} from "./batch_header.ts";
import { crc32c } from "./crc32c.ts";
import { decompress } from "./decompress.ts";

export interface CompactInput {
  /** Stored RecordBatch v2 bytes (baseOffset already the real offset), oldest first, of ONE partition. */
  batch: Uint8Array;
  /** When the broker appended it (ms), used for tombstone expiry. */
  appendTimeMs: number;
}

export interface CompactOptions {
  nowMs: number;
  /** Kafka's delete.retention.ms: a tombstone (null value) that is the latest for its key is
   *  removed once nowMs - appendTimeMs of its batch > deleteRetentionMs. */
  deleteRetentionMs: number;
}

export interface CompactResult {
  /** One entry per input batch, same order: the rewritten batch, the input itself when
   *  nothing in it changed (same object, so callers can skip it), or null when no record survives. */
  batches: (Uint8Array | null)[];
  /** Records in the input, control records included. */
  recordsBefore: number;
  recordsAfter: number;
  /** Tombstones removed because delete.retention.ms had passed; superseded tombstones are
   *  counted only in recordsBefore - recordsAfter, like any other superseded record. */
  tombstonesRemoved: number;
  /** Latest-for-their-key tombstones kept because delete.retention.ms has not passed yet. */
  tombstonesKept: number;
}

/** One record as stored, located inside its batch's (decompressed) records section. */
interface RawRecord {
  /** The whole record, its length varint included. */
  bytes: Uint8Array;
  offsetDelta: number;
  /** A view of the key bytes; null for a null key. */
  key: Uint8Array | null;
  /** Null value. */
  isTombstone: boolean;
}

/** Characters per String.fromCharCode call when turning a key into a map key. */
const KEY_CHUNK_BYTES = 8192;

/** The key bytes as a Latin-1 string, one char per byte: equal strings iff equal bytes. */
function keyString(key: Uint8Array): string {
  let s = "";
  for (let at = 0; at < key.length; at += KEY_CHUNK_BYTES) {
    s += String.fromCharCode(...key.subarray(at, at + KEY_CHUNK_BYTES));
  }
  return s;
}

/** Reads a varint length and a view of that many bytes; -1 means null. */
function readNullableView(r: Reader, what: string): Uint8Array | null {
  const sizeBytes = r.varint();
  if (sizeBytes === -1) return null;
  if (sizeBytes < 0) throw new ProtocolError(`${what} length ${sizeBytes}`);
  return r.raw(sizeBytes, what);
}

/**
 * Locates one record at r.offset and checks that its fields fill exactly its length and that
 * its offsetDelta is above `previousOffsetDelta` and at most `lastOffsetDelta`, so that the
 * records of a batch have distinct offsets inside the batch's range.
 */
function readRawRecord(r: Reader, previousOffsetDelta: number, lastOffsetDelta: number): RawRecord {
  const start = r.offset;
  const sizeBytes = r.varint();
  const end = r.offset + sizeBytes;
  if (sizeBytes < 0 || end > r.end) {
    throw new ProtocolError(`record length ${sizeBytes} at ${start} overruns its batch`);
  }
  const fields = new Reader(r.bytes, r.offset, end);
  fields.skip(1); // record attributes: unused in v2
  fields.varlong(); // timestampDelta
  const offsetDelta = fields.varint();
  if (offsetDelta <= previousOffsetDelta || offsetDelta > lastOffsetDelta) {
    throw new ProtocolError(
      `record offsetDelta ${offsetDelta} outside ${previousOffsetDelta + 1}..${lastOffsetDelta}`,
    );
  }
  const key = readNullableView(fields, "record key");
  const isTombstone = readNullableView(fields, "record value") === null;
  const headerCount = fields.varint();
  if (headerCount < 0) throw new ProtocolError(`record header count ${headerCount}`);
  for (let i = 0; i < headerCount; i++) {
    if (readNullableView(fields, "record header key") === null) {
      throw new ProtocolError("record header key is null");
    }
    readNullableView(fields, "record header value");
  }
  if (fields.offset !== end) {
    throw new ProtocolError(`record ends at ${fields.offset}, its length said ${end}`);
  }
  r.offset = end;
  return { bytes: r.bytes.subarray(start, end), offsetDelta, key, isTombstone };
}

/** The records of one stored v2 batch whose header is `header`, decompressing them if need be. */
function readRawRecords(batch: Uint8Array, header: BatchHeader): RawRecord[] {
  assert(header.magic === MAGIC_V2, `batch magic ${header.magic}, not ${MAGIC_V2}`);
  assert(
    LOG_OVERHEAD_SIZE + header.batchLength === batch.length,
    `batchLength ${header.batchLength} does not fill a ${batch.length}-byte batch`,
  );
  const codec = header.attributes & COMPRESSION_MASK;
  const section = batch.subarray(BATCH_HEADER_SIZE);
  const body = codec === Codec.none ? section : decompress(codec, section);
  const reader = new Reader(body);
  const records: RawRecord[] = [];
  for (let i = 0; i < header.recordCount; i++) {
    const previousOffsetDelta = i === 0 ? -1 : records[i - 1].offsetDelta;
    records.push(readRawRecord(reader, previousOffsetDelta, header.lastOffsetDelta));
  }
  if (reader.remaining !== 0) {
    throw new ProtocolError(`${reader.remaining} bytes left after ${header.recordCount} records`);
  }
  return records;
}

function isControl(header: BatchHeader): boolean {
  return (header.attributes & CONTROL_BATCH) !== 0;
}

/**
 * The low-level batch writer: `batch`'s header with the records section replaced by `records`
 * (raw, uncompressed), recordCount and batchLength updated, the compression bits cleared and
 * the CRC-32C recomputed. Every other header field is kept as stored.
 */
function rewriteBatch(batch: Uint8Array, header: BatchHeader, records: RawRecord[]): Uint8Array {
  let sectionBytes = 0;
  for (const r of records) sectionBytes += r.bytes.length;
  const out = new Uint8Array(BATCH_HEADER_SIZE + sectionBytes);
  out.set(batch.subarray(0, BATCH_HEADER_SIZE));
  let at = BATCH_HEADER_SIZE;
  for (const r of records) {
    out.set(r.bytes, at);
    at += r.bytes.length;
  }
  const view = new DataView(out.buffer);
  view.setInt32(BatchField.batchLength, out.length - LOG_OVERHEAD_SIZE);
  view.setInt16(BatchField.attributes, header.attributes & ~COMPRESSION_MASK);
  view.setInt32(BatchField.recordCount, records.length);
  view.setUint32(BatchField.crc, crc32c(out, BatchField.attributes));
  return out;
}

/** Compacts one partition's batches; see the module comment for the rules. */
export function compactBatches(input: CompactInput[], opts: CompactOptions): CompactResult {
  assert(Number.isFinite(opts.nowMs), `nowMs ${opts.nowMs}`);
  assert(opts.deleteRetentionMs >= 0, `deleteRetentionMs ${opts.deleteRetentionMs}`);

  // Pass 1: key -> highest offset holding it. Also checks the batches are in offset order.
  const latestOffsetByKey = new Map<string, number>();
  let recordsBefore = 0;
  let nextOffset = -Infinity;
  for (const { batch, appendTimeMs } of input) {
    assert(Number.isFinite(appendTimeMs), `appendTimeMs ${appendTimeMs}`);
    const header = readBatchHeader(batch);
    assert(
      header.baseOffset >= nextOffset,
      `batch at offset ${header.baseOffset} overlaps or precedes the one ending before ${nextOffset}`,
    );
    nextOffset = header.baseOffset + header.lastOffsetDelta + 1;
    recordsBefore += header.recordCount;
    if (isControl(header)) continue;
    for (const r of readRawRecords(batch, header)) {
      if (r.key === null) continue;
      // Offsets rise within a batch (readRawRecord) and across batches (asserted above), so the
      // last record seen for a key holds its highest offset.
      latestOffsetByKey.set(keyString(r.key), header.baseOffset + r.offsetDelta);
    }
  }

  // Pass 2: keep the latest record of each key, unless it is an expired tombstone.
  const batches: (Uint8Array | null)[] = [];
  let recordsAfter = 0;
  let tombstonesRemoved = 0;
  let tombstonesKept = 0;
  for (const { batch, appendTimeMs } of input) {
    const header = readBatchHeader(batch);
    if (isControl(header)) {
      batches.push(batch);
      recordsAfter += header.recordCount;
      continue;
    }
    const records = readRawRecords(batch, header);
    const tombstonesExpired = opts.nowMs - appendTimeMs > opts.deleteRetentionMs;
    const survivors = records.filter((r) => {
      if (r.key === null) return true;
      if (latestOffsetByKey.get(keyString(r.key)) !== header.baseOffset + r.offsetDelta) {
        return false;
      }
      if (r.isTombstone && tombstonesExpired) {
        tombstonesRemoved++;
        return false;
      }
      if (r.isTombstone) tombstonesKept++;
      return true;
    });
    recordsAfter += survivors.length;
    if (survivors.length === records.length) batches.push(batch);
    else if (survivors.length === 0) batches.push(null);
    else batches.push(rewriteBatch(batch, header, survivors));
  }
  return { batches, recordsBefore, recordsAfter, tombstonesRemoved, tombstonesKept };
}

/** True when any record of the batch has a null key (Kafka refuses those on compacted topics). */
export function hasNullKey(batch: Uint8Array): boolean {
  return readRawRecords(batch, readBatchHeader(batch)).some((r) => r.key === null);
}
