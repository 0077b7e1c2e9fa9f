/**
 * PartitionLog: one partition's records in memory, as opaque RecordBatch bytes.
 *
 * Appends copy each batch contiguously where the store's SegmentArena places it
 * (the write segment all partitions share, or a dedicated large buffer when it
 * exceeds a segment).
 * Only bytes 0..7 (baseOffset) and 12..15 (partitionLeaderEpoch) of the stored
 * copy are patched; the RecordBatch CRC-32C covers bytes from `attributes`
 * (offset 21) on, so it stays valid (Kafka protocol guide, "Record Batch").
 *
 * Batches are only ever removed from the front; each removal tells the arena,
 * which returns a segment to the pool once no live batch remains in it.
 */
import assert from "node:assert/strict";
import { BatchIndex } from "./batch_index.ts";
import type { SegmentArena } from "./segment_arena.ts";

/** Fixed RecordBatch v2 header size: every valid batch is at least this long. */
const RECORD_BATCH_HEADER_BYTES = 61;
const TWO_POW_32 = 4294967296;

/** Numbers the caller parsed from the RecordBatch header. */
export interface BatchInfo {
  /** Records in batch = lastOffsetDelta + 1 (offsets baseOffset..baseOffset+lastOffsetDelta). */
  lastOffsetDelta: number;
  maxTimestampMs: number;
}

/** Thrown by append when the pool has no room; nothing was changed. */
export class MemoryFullError extends Error {
  override name = "MemoryFullError";
}

export class PartitionLog {
  readonly topic: string;
  readonly partition: number;
  /** Called synchronously after every successful append (long-poll fetch wake-up). */
  onAppend: (() => void) | null = null;

  private readonly arena: SegmentArena;
  private readonly index = new BatchIndex();
  private startOffset = 0;
  private endOffset = 0;
  private heldBytes = 0;

  constructor(arena: SegmentArena, topic: string, partition: number) {
    assert(topic.length > 0, "topic name must not be empty");
    assert(
      Number.isInteger(partition) && partition >= 0,
      `partition must be a non-negative integer, got ${partition}`,
    );
    this.arena = arena;
    this.topic = topic;
    this.partition = partition;
  }

  /** First offset still readable. */
  get logStartOffset(): number {
    return this.startOffset;
  }

  /** High watermark: the offset the next appended record gets. */
  get nextOffset(): number {
    return this.endOffset;
  }

  /** Bytes of batches held (not counting wasted segment tails). */
  get sizeBytes(): number {
    return this.heldBytes;
  }

  get batchCount(): number {
    return this.index.count;
  }

  /**
   * Copy the batch into the pool, patch the stored copy's baseOffset and
   * partitionLeaderEpoch (0), and return the assigned base offset. The caller's bytes
   * are not modified. Throws MemoryFullError, changing nothing, when the pool has no room.
   */
  append(batch: Uint8Array, info: BatchInfo, appendTimeMs: number): number {
    const sizeBytes = batch.length;
    const lastOffsetDelta = info.lastOffsetDelta;
    assert(sizeBytes >= RECORD_BATCH_HEADER_BYTES, "batch shorter than a RecordBatch header");
    assert(sizeBytes <= 0x7fffffff, "batch larger than 2 GiB");
    assert(
      Number.isInteger(lastOffsetDelta) && lastOffsetDelta >= 0 && lastOffsetDelta <= 0x7fffffff,
      "lastOffsetDelta must be a non-negative int32",
    );
    assert(Number.isFinite(info.maxTimestampMs), "maxTimestampMs must be finite");
    assert(Number.isFinite(appendTimeMs), "appendTimeMs must be finite");
    const baseOffset = this.endOffset;
    assert(Number.isSafeInteger(baseOffset + lastOffsetDelta + 1), "offsets past 2^53");

    this.index.reserveOne();
    const id = this.arena.place(sizeBytes);
    if (id === -1) throw this.memoryFull(sizeBytes);
    const positionBytes = this.arena.placedAtBytes;

    const stored = this.arena.pool.bytes(id);
    stored.set(batch, positionBytes);
    writeInt64(stored, positionBytes, baseOffset);
    stored.fill(0, positionBytes + 12, positionBytes + 16);

    this.index.push(
      baseOffset,
      lastOffsetDelta,
      id,
      positionBytes,
      sizeBytes,
      info.maxTimestampMs,
      appendTimeMs,
    );
    this.endOffset = baseOffset + lastOffsetDelta + 1;
    this.heldBytes += sizeBytes;
    this.onAppend?.();
    return baseOffset;
  }

  /**
   * Views (no copies) of whole stored batches, starting with the batch that contains
   * `offset` and continuing while the running total stays <= maxBytes; the first batch is
   * always included. Empty when offset == nextOffset.
   */
  read(offset: number, maxBytes: number): Uint8Array[] {
    if (!(offset >= this.startOffset && offset <= this.endOffset)) {
      assert.fail(
        `read offset ${offset} outside [${this.startOffset}, ${this.endOffset}] of ` +
          `${this.topic}-${this.partition}`,
      );
    }
    const views: Uint8Array[] = [];
    if (offset === this.endOffset) return views;
    const index = this.index;
    let i = index.findContaining(offset);
    assert(i >= index.head, "no batch contains a readable offset");
    let totalBytes = 0;
    for (; i < index.tail; i++) {
      const lengthBytes = index.lengthBytes[i];
      if (views.length > 0 && totalBytes + lengthBytes > maxBytes) break;
      const positionBytes = index.positionBytes[i];
      views.push(
        this.arena.pool.bytes(index.segmentId[i]).subarray(
          positionBytes,
          positionBytes + lengthBytes,
        ),
      );
      totalBytes += lengthBytes;
    }
    return views;
  }

  /**
   * Offset of the first batch whose maxTimestamp >= timestampMs (its base offset, or
   * logStartOffset if that batch starts below it); -1 when none.
   */
  offsetForTimestamp(timestampMs: number): number {
    const index = this.index;
    for (let i = index.head; i < index.tail; i++) {
      if (index.maxTimestampMs[i] >= timestampMs) {
        return Math.max(index.baseOffset[i], this.startOffset);
      }
    }
    return -1;
  }

  /**
   * Largest maxTimestamp among held batches (the first batch holding it on ties) and that
   * batch's base offset (or logStartOffset if it starts below), for ListOffsets MAX_TIMESTAMP.
   */
  maxTimestamp(): { timestampMs: number; offset: number } | null {
    const index = this.index;
    if (index.count === 0) return null;
    let best = index.head;
    for (let i = index.head + 1; i < index.tail; i++) {
      if (index.maxTimestampMs[i] > index.maxTimestampMs[best]) best = i;
    }
    return {
      timestampMs: index.maxTimestampMs[best],
      offset: Math.max(index.baseOffset[best], this.startOffset),
    };
  }

  /**
   * DeleteRecords: move logStartOffset up to `offset` (clamped to nextOffset; never moves
   * down). Batches entirely below it are dropped. Returns the new logStartOffset.
   */
  deleteBefore(offset: number): number {
    assert(Number.isSafeInteger(offset), `deleteBefore offset must be an integer, got ${offset}`);
    const target = Math.min(offset, this.endOffset);
    if (target <= this.startOffset) return this.startOffset;
    const index = this.index;
    while (
      index.count > 0 &&
      index.baseOffset[index.head] + index.lastOffsetDelta[index.head] + 1 <= target
    ) {
      this.dropOldest();
    }
    this.startOffset = target;
    return target;
  }

  /** Time retention: drop leading batches whose appendTimeMs < cutoffMs. Returns batch bytes freed. */
  expireAppendedBefore(cutoffMs: number): number {
    const index = this.index;
    let freedBytes = 0;
    while (index.count > 0 && index.appendTimeMs[index.head] < cutoffMs) {
      freedBytes += this.dropOldest();
    }
    if (freedBytes > 0) {
      this.startOffset = index.count > 0 ? index.baseOffset[index.head] : this.endOffset;
    }
    return freedBytes;
  }

  /** Size retention: drop leading batches while more than maxBytes are held. Returns bytes freed. */
  trimToSize(maxBytes: number): number {
    let freedBytes = 0;
    while (this.index.count > 0 && this.heldBytes > maxBytes) freedBytes += this.dropOldest();
    if (freedBytes > 0) {
      this.startOffset = this.index.count > 0
        ? this.index.baseOffset[this.index.head]
        : this.endOffset;
    }
    return freedBytes;
  }

  /** Drop every batch (topic deletion), returning their memory to the arena. */
  clear(): void {
    const index = this.index;
    for (let i = index.head; i < index.tail; i++) this.arena.release(index.segmentId[i]);
    index.clear();
    this.heldBytes = 0;
    this.startOffset = this.endOffset;
  }

  /** Remove the oldest batch, releasing its memory once unused. Returns its size in bytes. */
  private dropOldest(): number {
    const index = this.index;
    const id = index.segmentId[index.head];
    const lengthBytes = index.lengthBytes[index.head];
    index.shift();
    this.heldBytes -= lengthBytes;
    this.arena.release(id);
    return lengthBytes;
  }

  private memoryFull(sizeBytes: number): MemoryFullError {
    return new MemoryFullError(
      `no memory for a ${sizeBytes}-byte batch in ${this.topic}-${this.partition}: ` +
        `${this.arena.pool.usedBytes} of ${this.arena.pool.limitBytes} bytes in use`,
    );
  }
}

/** Write a non-negative integer below 2^53 as a big-endian int64. */
function writeInt64(bytes: Uint8Array, at: number, value: number): void {
  const high = Math.floor(value / TWO_POW_32);
  const low = value >>> 0;
  bytes[at] = high >>> 24;
  bytes[at + 1] = high >>> 16;
  bytes[at + 2] = high >>> 8;
  bytes[at + 3] = high;
  bytes[at + 4] = low >>> 24;
  bytes[at + 5] = low >>> 16;
  bytes[at + 6] = low >>> 8;
  bytes[at + 7] = low;
}
