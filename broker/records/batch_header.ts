/**
 * RecordBatch v2 header: reading it, and splitting a produce request's record
 * set into validated batches.
 *
 * Layout (Kafka documentation, "Message Format" > "Record Batch"), big-endian:
 *   baseOffset: int64 | batchLength: int32 (bytes after this field) |
 *   partitionLeaderEpoch: int32 | magic: int8 (= 2) |
 *   crc: uint32 (CRC-32C of the bytes from attributes to the end) | attributes: int16 |
 *   lastOffsetDelta: int32 | baseTimestamp: int64 | maxTimestamp: int64 | producerId: int64 |
 *   producerEpoch: int16 | baseSequence: int32 | recordCount: int32 | records...
 *
 * This is the produce hot path: one header read and one CRC pass per batch,
 * no per-record work, and the returned batches are views into the input.
 */
import { crc32c } from "./crc32c.ts";

export const BATCH_HEADER_SIZE = 61;
/** baseOffset + batchLength: the bytes not counted by batchLength. */
export const LOG_OVERHEAD_SIZE = 12;
export const MAGIC_V2 = 2;

/** Byte positions of the header fields, relative to the start of the batch. */
export const BatchField = {
  baseOffset: 0,
  batchLength: 8,
  partitionLeaderEpoch: 12,
  magic: 16,
  crc: 17,
  attributes: 21,
  lastOffsetDelta: 23,
  baseTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  baseSequence: 53,
  recordCount: 57,
} as const;

/** attributes bits 0-2: the compression codec id. */
export const COMPRESSION_MASK = 0x07;
export const Codec = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;
/**
 * attributes bit 3: 1 = LogAppendTime, 0 = CreateTime. (Bit 4 is isTransactional and bit 6
 * hasDeleteHorizonMs; nothing here reads them yet.)
 */
export const TIMESTAMP_TYPE_LOG_APPEND_TIME = 0x08;
/** attributes bit 5: a control batch (transaction markers), written only by brokers. */
export const CONTROL_BATCH = 0x20;

export interface BatchHeader {
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export interface ValidBatch {
  /** A view of the whole batch (log overhead included) inside the input. */
  bytes: Uint8Array;
  header: BatchHeader;
}

const TWO_POW_32 = 4294967296;

function int64(view: DataView, at: number): number {
  return view.getInt32(at) * TWO_POW_32 + view.getUint32(at + 4);
}

/** Reads the 61-byte header at `at` as stored; checks only that it fits in `bytes`. */
export function readBatchHeader(bytes: Uint8Array, at = 0): BatchHeader {
  if (!(at >= 0 && at + BATCH_HEADER_SIZE <= bytes.length)) {
    throw new RangeError(
      `batch header at ${at} needs ${BATCH_HEADER_SIZE} bytes, buffer has ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, BATCH_HEADER_SIZE);
  return {
    baseOffset: int64(view, BatchField.baseOffset),
    batchLength: view.getInt32(BatchField.batchLength),
    partitionLeaderEpoch: view.getInt32(BatchField.partitionLeaderEpoch),
    magic: view.getInt8(BatchField.magic),
    crc: view.getUint32(BatchField.crc),
    attributes: view.getInt16(BatchField.attributes),
    lastOffsetDelta: view.getInt32(BatchField.lastOffsetDelta),
    baseTimestamp: int64(view, BatchField.baseTimestamp),
    maxTimestamp: int64(view, BatchField.maxTimestamp),
    producerId: int64(view, BatchField.producerId),
    producerEpoch: view.getInt16(BatchField.producerEpoch),
    baseSequence: view.getInt32(BatchField.baseSequence),
    recordCount: view.getInt32(BatchField.recordCount),
  };
}

/** Why the batch at `at` is invalid, or null when it is a sound v2 batch. */
function batchProblem(records: Uint8Array, at: number, header: BatchHeader): string | null {
  if (header.magic !== MAGIC_V2) return `magic ${header.magic}, only ${MAGIC_V2} is supported`;
  const codec = header.attributes & COMPRESSION_MASK;
  if (codec > Codec.zstd) return `unknown compression codec ${codec}`;
  const end = at + LOG_OVERHEAD_SIZE + header.batchLength;
  const computed = crc32c(records, at + BatchField.attributes, end);
  if (computed !== header.crc) {
    return `CRC-32C mismatch: stored 0x${hex32(header.crc)}, computed 0x${hex32(computed)}`;
  }
  // Kafka rejects empty batches and batches whose offset range disagrees with their
  // record count (LogValidator: "Inconsistent batch offset range and record count").
  if (header.recordCount < 1) return `recordCount ${header.recordCount}, must be at least 1`;
  if (header.lastOffsetDelta !== header.recordCount - 1) {
    return `lastOffsetDelta ${header.lastOffsetDelta} does not match recordCount ${header.recordCount}`;
  }
  return null;
}

function hex32(n: number): string {
  return n.toString(16).padStart(8, "0");
}

/**
 * Splits a produce request's record set into its batches and validates each:
 * header fits, batchLength consistent and inside the buffer, magic 2, known
 * codec, CRC-32C matches, recordCount >= 1 and == lastOffsetDelta + 1.
 * Returns the batches (views, no copy) or the first problem found.
 */
export function splitAndValidate(
  records: Uint8Array,
): { batches: ValidBatch[] } | { error: string } {
  if (records.length === 0) return { error: "record set is empty: no batch" };
  const batches: ValidBatch[] = [];
  let at = 0;
  while (at < records.length) {
    const where = `batch ${batches.length} at byte ${at}`;
    const remaining = records.length - at;
    if (remaining < BATCH_HEADER_SIZE) {
      return {
        error: `${where}: ${remaining} bytes left, a batch header needs ${BATCH_HEADER_SIZE}`,
      };
    }
    const header = readBatchHeader(records, at);
    const sizeBytes = LOG_OVERHEAD_SIZE + header.batchLength;
    if (sizeBytes < BATCH_HEADER_SIZE || sizeBytes > remaining) {
      return {
        error: `${where}: batchLength ${header.batchLength} outside ${
          BATCH_HEADER_SIZE - LOG_OVERHEAD_SIZE
        }..${remaining - LOG_OVERHEAD_SIZE}`,
      };
    }
    const problem = batchProblem(records, at, header);
    if (problem !== null) return { error: `${where}: ${problem}` };
    batches.push({ bytes: records.subarray(at, at + sizeBytes), header });
    at += sizeBytes;
  }
  return { batches };
}
