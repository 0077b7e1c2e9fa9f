/**
 * WAL entry framing: what one entry of a WAL segment file looks like on disk.
 *
 * Every entry, big-endian:
 *   lengthBytes: uint32 (bytes after the crc field) | crc: uint32 | kind: uint8 | body
 *
 * Bodies:
 *   BATCH          topicIdLength: uint8 | topicId: UTF-8 | partition: int32 |
 *                  appendTimeMs: float64 | batch: RecordBatch v2 (baseOffset already assigned)
 *   REWRITE_BEGIN  topicIdLength: uint8 | topicId: UTF-8 | partition: int32 | endOffset: float64
 *   REWRITE_END    same as REWRITE_BEGIN
 *
 * The crc is CRC-32C. For a BATCH entry it covers kind, the body fields and the first 21 bytes of
 * the batch (baseOffset to its own crc); the batch's own CRC-32C covers the rest of it (attributes
 * to the end, Kafka protocol guide "Record Batch"), so the whole entry is checked while the
 * produce path pays for one CRC pass only, the one produce validation already made. For other
 * entries the crc covers kind and the whole body.
 *
 * A rewrite (compaction) writes REWRITE_BEGIN, every batch the partition keeps below endOffset,
 * then REWRITE_END. Recovery replaces the partition's batches below endOffset with those batches
 * only when it finds the REWRITE_END, so a rewrite cut by a crash leaves the old batches in place.
 */
import { crc32c } from "../../broker/records/crc32c.ts";

export const ENTRY_HEADER_BYTES = 9;
/** Offset of `kind` in an entry: the crc covers from here. */
const ENTRY_KIND_AT = 8;
/** RecordBatch bytes covered by the entry crc: baseOffset, batchLength, leader epoch, magic, crc. */
const BATCH_PREFIX_BYTES = 21;
/** Byte position of `batchLength` inside a RecordBatch. */
const BATCH_LENGTH_AT = 8;
/** The fixed RecordBatch v2 header; a stored batch is never shorter. */
const BATCH_HEADER_BYTES = 61;
const BATCH_CRC_AT = 17;
const TWO_POW_32 = 4294967296;

export const EntryKind = { batch: 1, rewriteBegin: 2, rewriteEnd: 3 } as const;
export type EntryKindValue = typeof EntryKind[keyof typeof EntryKind];

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

/** Bytes of the BATCH body before the batch itself. */
export function batchPrefixBytes(topicIdBytes: Uint8Array): number {
  return 1 + topicIdBytes.length + 4 + 8;
}

export function encodeTopicId(topicId: string): Uint8Array {
  const bytes = utf8Encoder.encode(topicId);
  if (bytes.length === 0 || bytes.length > 255) {
    throw new RangeError(`topic id must be 1-255 UTF-8 bytes, got ${bytes.length}`);
  }
  return bytes;
}

/**
 * Writes a BATCH entry's header and body prefix at `at` in `out` (room for
 * ENTRY_HEADER_BYTES + batchPrefixBytes(topicId) bytes), then the caller copies the batch right
 * after and calls sealBatchEntry. Returns the position the batch goes to.
 */
export function writeBatchEntryPrefix(
  out: Uint8Array,
  at: number,
  topicIdBytes: Uint8Array,
  partition: number,
  appendTimeMs: number,
  batchBytes: number,
): number {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const bodyBytes = 1 + batchPrefixBytes(topicIdBytes) + batchBytes;
  view.setUint32(at, bodyBytes);
  out[at + ENTRY_KIND_AT] = EntryKind.batch;
  let p = at + ENTRY_HEADER_BYTES;
  out[p++] = topicIdBytes.length;
  out.set(topicIdBytes, p);
  p += topicIdBytes.length;
  view.setInt32(p, partition);
  view.setFloat64(p + 4, appendTimeMs);
  return p + 12;
}

/** Computes the crc of a BATCH entry whose prefix and batch are in place at `at`. */
export function sealBatchEntry(out: Uint8Array, at: number, batchAt: number): void {
  const crc = crc32c(out, at + ENTRY_KIND_AT, batchAt + BATCH_PREFIX_BYTES);
  new DataView(out.buffer, out.byteOffset, out.byteLength).setUint32(at + 4, crc);
}

/** A complete REWRITE_BEGIN or REWRITE_END entry. */
export function encodeRewriteMarker(
  kind: typeof EntryKind.rewriteBegin | typeof EntryKind.rewriteEnd,
  topicIdBytes: Uint8Array,
  partition: number,
  endOffset: number,
): Uint8Array {
  const bodyBytes = 1 + 1 + topicIdBytes.length + 4 + 8;
  const out = new Uint8Array(8 + bodyBytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, bodyBytes);
  out[ENTRY_KIND_AT] = kind;
  let p = ENTRY_HEADER_BYTES;
  out[p++] = topicIdBytes.length;
  out.set(topicIdBytes, p);
  p += topicIdBytes.length;
  view.setInt32(p, partition);
  view.setFloat64(p + 4, endOffset);
  view.setUint32(4, crc32c(out, ENTRY_KIND_AT));
  return out;
}

/** One entry read back from a segment file; `batch` is a view into the read buffer. */
export interface DecodedEntry {
  kind: EntryKindValue;
  topicId: string;
  partition: number;
  /** BATCH: the broker's append time. */
  appendTimeMs: number;
  /** REWRITE_*: the partition's next offset when the rewrite was made. */
  endOffset: number;
  batch: Uint8Array | null;
  /** Position of the batch inside the entry (BATCH only). */
  batchAtBytes: number;
  /** Whole entry size on disk. */
  sizeBytes: number;
}

export type DecodeResult =
  | { entry: DecodedEntry }
  /** Not enough bytes in `bytes` for the entry (maybe a torn tail, maybe just the buffer's end). */
  | { needBytes: number }
  | { corrupt: string };

/**
 * Decodes the entry at `at` in `bytes` and checks it (lengths and both checksums). `maxEntryBytes`
 * bounds the length field, so a corrupt length is reported rather than read as a huge entry.
 */
export function decodeEntry(bytes: Uint8Array, at: number, maxEntryBytes: number): DecodeResult {
  if (bytes.length - at < ENTRY_HEADER_BYTES) return { needBytes: ENTRY_HEADER_BYTES };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bodyBytes = view.getUint32(at);
  const sizeBytes = 8 + bodyBytes;
  if (bodyBytes < 1 + 1 + 1 + 4 + 8 || sizeBytes > maxEntryBytes) {
    return { corrupt: `entry length ${bodyBytes} is impossible` };
  }
  if (bytes.length - at < sizeBytes) return { needBytes: sizeBytes };
  const kind = bytes[at + ENTRY_KIND_AT];
  let p = at + ENTRY_HEADER_BYTES;
  const topicIdLength = bytes[p++];
  const fieldsEnd = p + topicIdLength + 12;
  if (topicIdLength === 0 || fieldsEnd > at + sizeBytes) {
    return { corrupt: `topic id length ${topicIdLength} overruns the entry` };
  }
  const crc = view.getUint32(at + 4);
  if (kind === EntryKind.batch) {
    const batchAt = fieldsEnd;
    const batchBytes = at + sizeBytes - batchAt;
    if (batchBytes < BATCH_HEADER_BYTES) return { corrupt: `batch of ${batchBytes} bytes` };
    if (crc32c(bytes, at + ENTRY_KIND_AT, batchAt + BATCH_PREFIX_BYTES) !== crc) {
      return { corrupt: "entry checksum mismatch" };
    }
    if (view.getInt32(batchAt + BATCH_LENGTH_AT) + 12 !== batchBytes) {
      return { corrupt: "batch length disagrees with the entry length" };
    }
    if (
      crc32c(bytes, batchAt + BATCH_PREFIX_BYTES, batchAt + batchBytes) !==
        view.getUint32(batchAt + BATCH_CRC_AT)
    ) {
      return { corrupt: "record batch checksum mismatch" };
    }
  } else if (kind === EntryKind.rewriteBegin || kind === EntryKind.rewriteEnd) {
    if (fieldsEnd !== at + sizeBytes) return { corrupt: "rewrite marker of the wrong length" };
    if (crc32c(bytes, at + ENTRY_KIND_AT, at + sizeBytes) !== crc) {
      return { corrupt: "entry checksum mismatch" };
    }
  } else {
    return { corrupt: `unknown entry kind ${kind}` };
  }
  let topicId: string;
  try {
    topicId = utf8Decoder.decode(bytes.subarray(p, p + topicIdLength));
  } catch {
    return { corrupt: "topic id is not UTF-8" };
  }
  p += topicIdLength;
  const partition = view.getInt32(p);
  const number = view.getFloat64(p + 4);
  const isBatch = kind === EntryKind.batch;
  return {
    entry: {
      kind: kind as EntryKindValue,
      topicId,
      partition,
      appendTimeMs: isBatch ? number : 0,
      endOffset: isBatch ? 0 : number,
      batch: isBatch ? bytes.subarray(fieldsEnd, at + sizeBytes) : null,
      batchAtBytes: fieldsEnd - at,
      sizeBytes,
    },
  };
}

/** What recovery needs from a stored batch's header (offsets below 2^53). */
export interface BatchFacts {
  baseOffset: number;
  lastOffsetDelta: number;
  maxTimestampMs: number;
  /** Idempotent producers: -1 when the batch has none. */
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

/** Reads the header fields of a RecordBatch v2 (Kafka protocol guide, "Record Batch"). */
export function batchFacts(batch: Uint8Array): BatchFacts {
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  return {
    baseOffset: view.getInt32(0) * TWO_POW_32 + view.getUint32(4),
    lastOffsetDelta: view.getInt32(23),
    maxTimestampMs: view.getInt32(35) * TWO_POW_32 + view.getUint32(39),
    producerId: view.getInt32(43) * TWO_POW_32 + view.getUint32(47),
    producerEpoch: view.getInt16(51),
    baseSequence: view.getInt32(53),
    recordCount: view.getInt32(57),
  };
}
