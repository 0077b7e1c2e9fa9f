/**
 * PartitionLog: one partition's records as opaque RecordBatch bytes, in memory, on disk, or both.
 *
 * Appends copy each batch contiguously where the shared SegmentArena places it (the write segment
 * all partitions share, or a dedicated large buffer when it exceeds a segment); in the durable
 * modes the same bytes are also appended to the WAL. Each index entry says where the batch is:
 * a memory location, a WAL location, or both. Spill drops the memory copy of a batch whose WAL
 * copy is written; reads serve each batch from memory when it is there, else from the WAL,
 * reading runs of batches that sit next to each other in a WAL file in one read.
 *
 * Only bytes 0..7 (baseOffset) and 12..15 (partitionLeaderEpoch) of the stored
 * copy are patched; the RecordBatch CRC-32C covers bytes from `attributes`
 * (offset 21) on, so it stays valid (Kafka protocol guide, "Record Batch").
 *
 * Retention and purge remove batches from the front; each removal releases its memory (the arena
 * frees a segment once nothing lives in it) and its WAL copy (a WAL file is deleted once nothing
 * lives in it). Compaction replaces the batches below the end with fewer ones at the same offsets.
 */
import assert from "node:assert/strict";
import { BatchIndex } from "./batch_index.ts";
import type { SegmentArena } from "./segment_arena.ts";
import type { Tiering } from "./tiering.ts";
import { encodeTopicId, EntryKind } from "./wal/entry.ts";
import { DiskFullError } from "./wal/wal.ts";

/** Fixed RecordBatch v2 header size: every valid batch is at least this long. */
const RECORD_BATCH_HEADER_BYTES = 61;
const TWO_POW_32 = 4294967296;

/** Numbers the caller parsed from the RecordBatch header. */
export interface BatchInfo {
  /** Records in batch = lastOffsetDelta + 1 (offsets baseOffset..baseOffset+lastOffsetDelta). */
  lastOffsetDelta: number;
  maxTimestampMs: number;
}

/** Thrown by append when neither memory nor disk has room; nothing was changed. */
export class MemoryFullError extends Error {
  override name = "MemoryFullError";
}

/** One batch of the partition with its append time, as compaction reads and rewrites them. */
export interface StoredBatch {
  batch: Uint8Array;
  appendTimeMs: number;
}

export class PartitionLog {
  readonly topic: string;
  readonly topicId: string;
  readonly partition: number;
  /** Id in the tiering's arrival queue. */
  readonly logId: number;
  /** Called synchronously after every successful append (long-poll fetch wake-up). */
  onAppend: (() => void) | null = null;
  /**
   * Called before batches are removed from the front or rewritten, with the bounds the partition
   * is about to have, so a durable store records them before any WAL file can go away.
   */
  onBoundsMoved: ((startOffset: number, endOffset: number) => void) | null = null;

  private readonly tiering: Tiering;
  private readonly arena: SegmentArena;
  /** Pool bytes the last prepared spill frees, read right after `prepareSpill`. */
  spillFreesBytes = 0;
  private readonly topicIdBytes: Uint8Array;
  private index = new BatchIndex();
  private startOffset = 0;
  private endOffset = 0;
  private heldBytes = 0;
  private memoryBytes = 0;
  private memoryBatchCount = 0;
  /** First index entry of the last readRange (no object per read). */
  private rangeFirst = 0;
  /** Recovery: the next offset is at least this (recorded bounds and rewrites). */
  private recoveredEndFloor = 0;

  constructor(tiering: Tiering, topic: string, partition: number, topicId: string = topic) {
    assert(topic.length > 0, "topic name must not be empty");
    assert(
      Number.isInteger(partition) && partition >= 0,
      `partition must be a non-negative integer, got ${partition}`,
    );
    this.tiering = tiering;
    this.arena = tiering.arena;
    this.topic = topic;
    this.topicId = topicId;
    this.topicIdBytes = encodeTopicId(topicId);
    this.partition = partition;
    this.logId = tiering.register(this);
  }

  /** First offset still readable. */
  get logStartOffset(): number {
    return this.startOffset;
  }

  /** High watermark: the offset the next appended record gets. */
  get nextOffset(): number {
    return this.endOffset;
  }

  /** Bytes of batches held, in either tier (not counting wasted segment tails). */
  get sizeBytes(): number {
    return this.heldBytes;
  }

  get batchCount(): number {
    return this.index.count;
  }

  /** Bytes of batches with a copy in memory. */
  get memorySizeBytes(): number {
    return this.memoryBytes;
  }

  /** Batches held only on disk (spilled, or recovered and not read into memory). */
  get spilledBatchCount(): number {
    return this.index.count - this.memoryBatchCount;
  }

  get spilledSizeBytes(): number {
    return this.heldBytes - this.memoryBytes;
  }

  /**
   * Copy the batch into the pool (and the WAL in the durable modes), patch the stored copy's
   * baseOffset and partitionLeaderEpoch (0), and return the assigned base offset. The caller's
   * bytes are not modified. Throws MemoryFullError, changing nothing, when there is no room.
   */
  append(batch: Uint8Array, info: BatchInfo, appendTimeMs: number): number {
    const sizeBytes = batch.length;
    const lastOffsetDelta = info.lastOffsetDelta;
    // Invariants checked as `if (!ok) assert.fail()`: assert() itself costs ~70 ns a call, which
    // adds up on a path taken once per produced batch.
    if (!(sizeBytes >= RECORD_BATCH_HEADER_BYTES && sizeBytes <= 0x7fffffff)) {
      assert.fail("batch shorter than a RecordBatch header or larger than 2 GiB");
    }
    if (
      !(Number.isInteger(lastOffsetDelta) && lastOffsetDelta >= 0 && lastOffsetDelta <= 0x7fffffff)
    ) {
      assert.fail("lastOffsetDelta must be a non-negative int32");
    }
    if (!Number.isFinite(info.maxTimestampMs)) assert.fail("maxTimestampMs must be finite");
    if (!Number.isFinite(appendTimeMs)) assert.fail("appendTimeMs must be finite");
    const baseOffset = this.endOffset;
    if (!Number.isSafeInteger(baseOffset + lastOffsetDelta + 1)) assert.fail("offsets past 2^53");

    this.index.reserveOne();
    const tiering = this.tiering;
    let id = this.arena.place(sizeBytes);
    if (id === -1 && !tiering.durable && tiering.makeRoom(sizeBytes)) {
      id = this.arena.place(sizeBytes);
    }
    if (id === -1 && !tiering.durable) throw this.memoryFull(sizeBytes);
    const positionBytes = id === -1 ? 0 : this.arena.placedAtBytes;
    let stored: Uint8Array;
    if (id !== -1) {
      stored = this.arena.pool.bytes(id).subarray(positionBytes, positionBytes + sizeBytes);
      stored.set(batch);
    } else {
      stored = batch.slice(); // durable mode, memory full: the batch goes to disk only
    }
    writeInt64(stored, 0, baseOffset);
    stored.fill(0, 12, 16);

    let walSegment = -1;
    let walPositionBytes = 0;
    if (tiering.durable) {
      const wal = tiering.wal!;
      try {
        wal.appendBatch(this.topicIdBytes, this.partition, appendTimeMs, stored);
      } catch (err) {
        if (id !== -1) this.arena.release(id);
        if (err instanceof DiskFullError) throw new MemoryFullError(`disk full: ${err.message}`);
        throw err;
      }
      walSegment = wal.lastSegment;
      walPositionBytes = wal.lastPositionBytes;
    }

    this.index.push(
      baseOffset,
      lastOffsetDelta,
      id,
      positionBytes,
      sizeBytes,
      info.maxTimestampMs,
      appendTimeMs,
      walSegment,
      walPositionBytes,
    );
    this.endOffset = baseOffset + lastOffsetDelta + 1;
    this.heldBytes += sizeBytes;
    if (id !== -1) {
      this.memoryBytes += sizeBytes;
      this.memoryBatchCount++;
      tiering.placed(this.logId, baseOffset);
    }
    this.onAppend?.();
    return baseOffset;
  }

  /**
   * Whole stored batches, starting with the batch that contains `offset` (or the first one after
   * it, where compaction left a gap) and continuing while the running total stays <= maxBytes; the
   * first batch is always included. Memory copies are views (no copy); batches on disk are read
   * into new buffers. Empty when offset == nextOffset.
   */
  read(offset: number, maxBytes: number): Uint8Array[] {
    const views: Uint8Array[] = [];
    const end = this.readRange(offset, maxBytes);
    const index = this.index;
    for (let i = this.rangeFirst; i < end;) {
      const lengthBytes = index.lengthBytes[i];
      if (index.segmentId[i] !== -1) {
        const positionBytes = index.positionBytes[i];
        views.push(
          this.arena.pool.bytes(index.segmentId[i]).subarray(
            positionBytes,
            positionBytes + lengthBytes,
          ),
        );
        i++;
        continue;
      }
      const last = this.walRunEnd(i, end);
      const segment = index.walSegment[i];
      const startBytes = index.walPositionBytes[i];
      const runBytes = index.walPositionBytes[last] + index.lengthBytes[last] - startBytes;
      const bytes = this.tiering.wal!.read(segment, startBytes, runBytes);
      for (let j = i; j <= last; j++) {
        const at = index.walPositionBytes[j] - startBytes;
        views.push(bytes.subarray(at, at + index.lengthBytes[j]));
      }
      i = last + 1;
    }
    return views;
  }

  /**
   * The WAL reads `read(offset, maxBytes)` would make, appended to `out` as triples (segment,
   * position, length), so a caller can fetch them ahead asynchronously (Wal.prefetch).
   */
  walReadsFor(offset: number, maxBytes: number, out: number[]): void {
    const end = this.readRange(offset, maxBytes);
    const index = this.index;
    for (let i = this.rangeFirst; i < end; i++) {
      if (index.segmentId[i] !== -1) continue;
      const last = this.walRunEnd(i, end);
      const startBytes = index.walPositionBytes[i];
      out.push(
        index.walSegment[i],
        startBytes,
        index.walPositionBytes[last] + index.lengthBytes[last] - startBytes,
      );
      i = last;
    }
  }

  /** Bytes `read(offset, maxBytes)` would return, from the index alone (no disk read). */
  readableBytes(offset: number, maxBytes: number): number {
    const end = this.readRange(offset, maxBytes);
    let totalBytes = 0;
    for (let i = this.rangeFirst; i < end; i++) totalBytes += this.index.lengthBytes[i];
    return totalBytes;
  }

  /**
   * The entries a read returns: from the batch that contains `offset` (or the first after it,
   * where compaction left a gap; `rangeFirst`) to the returned end, while the running total stays
   * <= maxBytes, the first batch always included.
   */
  private readRange(offset: number, maxBytes: number): number {
    if (!(offset >= this.startOffset && offset <= this.endOffset)) {
      assert.fail(
        `read offset ${offset} outside [${this.startOffset}, ${this.endOffset}] of ` +
          `${this.topic}-${this.partition}`,
      );
    }
    const index = this.index;
    if (offset === this.endOffset) {
      this.rangeFirst = index.tail;
      return index.tail;
    }
    let first = Math.max(index.findContaining(offset), index.head);
    if (
      first < index.tail && index.baseOffset[first] + index.lastOffsetDelta[first] < offset
    ) first++;
    this.rangeFirst = first;
    let totalBytes = 0;
    let end = first;
    for (; end < index.tail; end++) {
      const lengthBytes = index.lengthBytes[end];
      if (end > first && totalBytes + lengthBytes > maxBytes) break;
      totalBytes += lengthBytes;
    }
    return end;
  }

  /**
   * Disk-only batches of a partition lie between other partitions' entries and entry headers, so
   * a run is read from its first batch's start to its last one's end and cut into views: the
   * last entry of the run of disk-only batches starting at i, in one WAL file, with gaps below
   * WAL_GAP_READ_BYTES.
   */
  private walRunEnd(i: number, end: number): number {
    const index = this.index;
    if (index.walSegment[i] === -1) assert.fail("a batch in neither memory nor the WAL");
    const segment = index.walSegment[i];
    let last = i;
    while (
      last + 1 < end && index.segmentId[last + 1] === -1 &&
      index.walSegment[last + 1] === segment &&
      index.walPositionBytes[last + 1] - (index.walPositionBytes[last] + index.lengthBytes[last]) <
        WAL_GAP_READ_BYTES
    ) last++;
    return last;
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
    this.onBoundsMoved?.(target, this.endOffset);
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
    let count = 0;
    while (count < index.count && index.appendTimeMs[index.head + count] < cutoffMs) count++;
    return this.dropFront(count);
  }

  /** Size retention: drop leading batches while more than maxBytes are held. Returns bytes freed. */
  trimToSize(maxBytes: number): number {
    const index = this.index;
    let count = 0;
    let heldBytes = this.heldBytes;
    while (count < index.count && heldBytes > maxBytes) {
      heldBytes -= index.lengthBytes[index.head + count];
      count++;
    }
    return this.dropFront(count);
  }

  /** Drop every batch (topic deletion), releasing both tiers; the log leaves the tiering. */
  clear(): void {
    const index = this.index;
    while (index.count > 0) this.dropOldest();
    this.startOffset = this.endOffset;
    this.tiering.unregister(this.logId);
  }

  /** Whether the batch starting at `baseOffset` is held with a copy in memory. */
  inMemory(baseOffset: number): boolean {
    const i = this.entryAt(baseOffset);
    return i !== -1 && this.index.segmentId[i] !== -1;
  }

  /**
   * Spill, first half: makes sure the in-memory batch at `baseOffset` has a WAL copy (appending
   * it, unflushed, in memory mode). Returns its size, or -1 when it is not in memory any more;
   * `spillFreesBytes` then holds what releasing it will give back to the pool, with the batches
   * prepared before it in the same plan (SegmentArena.countLeaving).
   */
  prepareSpill(baseOffset: number): number {
    const i = this.entryAt(baseOffset);
    const index = this.index;
    if (i === -1 || index.segmentId[i] === -1) return -1;
    this.spillFreesBytes = this.arena.countLeaving(index.segmentId[i], index.lengthBytes[i]);
    if (index.walSegment[i] === -1) {
      const wal = this.tiering.wal!;
      const positionBytes = index.positionBytes[i];
      wal.appendBatch(
        this.topicIdBytes,
        this.partition,
        index.appendTimeMs[i],
        this.arena.pool.bytes(index.segmentId[i]).subarray(
          positionBytes,
          positionBytes + index.lengthBytes[i],
        ),
      );
      index.walSegment[i] = wal.lastSegment;
      index.walPositionBytes[i] = wal.lastPositionBytes;
    }
    return index.lengthBytes[i];
  }

  /** Spill, second half (after the WAL was flushed): release the memory copy. */
  dropMemoryCopy(baseOffset: number): void {
    const i = this.entryAt(baseOffset);
    const index = this.index;
    assert(i !== -1 && index.segmentId[i] !== -1 && index.walSegment[i] !== -1);
    this.releaseMemory(i);
  }

  /** Every held batch with its append time, oldest first (memory views or fresh disk reads). */
  storedBatches(): StoredBatch[] {
    const index = this.index;
    const out: StoredBatch[] = [];
    if (index.count === 0) return out;
    const batches = this.read(index.baseOffset[index.head], Infinity);
    assert(batches.length === index.count, "a full read returns every batch");
    for (let i = 0; i < batches.length; i++) {
      out.push({ batch: batches[i], appendTimeMs: index.appendTimeMs[index.head + i] });
    }
    return out;
  }

  /**
   * Compaction: replaces the held batches, as returned by storedBatches() with no change since,
   * by `replacements` (same length: the same object keeps a batch, null drops it, new bytes
   * replace it with a batch of the same offsets). The bounds do not move. In the durable modes
   * the kept batches are written to the WAL between rewrite markers and synced before the old
   * copies are released, so recovery finds either the old batches or the new ones. Throws
   * DiskFullError or MemoryFullError, changing nothing, when the new batches would not fit.
   */
  rewrite(before: StoredBatch[], replacements: (Uint8Array | null)[]): void {
    const old = this.index;
    assert(
      before.length === old.count && replacements.length === old.count,
      "rewrite takes one replacement per held batch",
    );
    const tiering = this.tiering;
    const next = new BatchIndex();
    const durable = tiering.durable;
    const wal = tiering.wal;
    // Everything written below must fit under max_disk, or nothing is changed.
    let writeBytes = 0;
    for (let k = 0; k < replacements.length; k++) {
      const r = replacements[k];
      if (r !== null && (durable || r !== before[k].batch)) writeBytes += r.length + 512;
    }
    const pool = this.arena.pool;
    if (wal === null && Math.ceil(writeBytes / pool.segmentSizeBytes) + 1 > pool.freeSegments) {
      throw new MemoryFullError(`compacting ${this.topic}-${this.partition} needs more memory`);
    }
    if (wal !== null && wal.diskBytes + writeBytes > wal.maxDiskBytes) {
      throw new DiskFullError(
        `compacting ${this.topic}-${this.partition} needs ${writeBytes} bytes of WAL; ` +
          `${wal.diskBytes} of max_disk ${wal.maxDiskBytes} are in use`,
      );
    }
    if (durable) {
      this.onBoundsMoved?.(this.startOffset, this.endOffset);
      wal!.appendRewriteMarker(
        EntryKind.rewriteBegin,
        this.topicIdBytes,
        this.partition,
        this.endOffset,
      );
    }
    let heldBytes = 0;
    let memoryBytes = 0;
    let memoryBatchCount = 0;
    const placedBaseOffsets: number[] = [];
    for (let k = 0; k < replacements.length; k++) {
      const i = old.head + k;
      const replacement = replacements[k];
      if (replacement === null) continue;
      const sizeBytes = replacement.length;
      let id = -1;
      let positionBytes = 0;
      let walSegment = -1;
      let walPositionBytes = 0;
      if (replacement === before[k].batch) {
        // Kept: its memory copy (and, in memory mode, its spill copy) moves to the new index.
        id = old.segmentId[i];
        positionBytes = old.positionBytes[i];
        old.segmentId[i] = -1;
        if (!durable) {
          walSegment = old.walSegment[i];
          walPositionBytes = old.walPositionBytes[i];
          old.walSegment[i] = -1;
        }
      } else {
        id = this.arena.place(sizeBytes);
        if (id !== -1) {
          positionBytes = this.arena.placedAtBytes;
          this.arena.pool.bytes(id).set(replacement, positionBytes);
          placedBaseOffsets.push(old.baseOffset[i]);
        }
      }
      if (durable || (id === -1 && walSegment === -1)) {
        wal!.appendBatch(this.topicIdBytes, this.partition, old.appendTimeMs[i], replacement);
        walSegment = wal!.lastSegment;
        walPositionBytes = wal!.lastPositionBytes;
      }
      next.push(
        old.baseOffset[i],
        old.lastOffsetDelta[i],
        id,
        positionBytes,
        sizeBytes,
        old.maxTimestampMs[i],
        old.appendTimeMs[i],
        walSegment,
        walPositionBytes,
      );
      heldBytes += sizeBytes;
      if (id !== -1) {
        memoryBytes += sizeBytes;
        memoryBatchCount++;
      }
    }
    if (durable) {
      wal!.appendRewriteMarker(
        EntryKind.rewriteEnd,
        this.topicIdBytes,
        this.partition,
        this.endOffset,
      );
      wal!.syncDataNow();
    } else {
      wal?.flush();
    }
    // Release what the old index still holds: dropped batches, and replaced or moved copies.
    for (let i = old.head; i < old.tail; i++) {
      if (old.segmentId[i] !== -1) {
        this.arena.release(old.segmentId[i]);
        tiering.memoryBatches--;
      }
      if (old.walSegment[i] !== -1) wal!.release(old.walSegment[i]);
    }
    this.index = next;
    this.heldBytes = heldBytes;
    this.memoryBytes = memoryBytes;
    this.memoryBatchCount = memoryBatchCount;
    for (const baseOffset of placedBaseOffsets) tiering.placed(this.logId, baseOffset);
  }

  /**
   * Recovery: adds a batch found in the WAL (disk only) at the end of the index. Batches wholly
   * below the log start are not added; the caller then releases their WAL copy.
   */
  recoverBatch(
    baseOffset: number,
    lastOffsetDelta: number,
    maxTimestampMs: number,
    appendTimeMs: number,
    lengthBytes: number,
    walSegment: number,
    walPositionBytes: number,
  ): boolean {
    const lastOffset = baseOffset + lastOffsetDelta;
    if (lastOffset < this.startOffset) return false;
    if (this.index.count > 0 && baseOffset < this.endOffset) return false;
    this.index.push(
      baseOffset,
      lastOffsetDelta,
      -1,
      0,
      lengthBytes,
      maxTimestampMs,
      appendTimeMs,
      walSegment,
      walPositionBytes,
    );
    this.endOffset = lastOffset + 1;
    this.heldBytes += lengthBytes;
    return true;
  }

  /**
   * Recovery: the bounds recorded for the partition (log start, and a floor for the next
   * offset), given before its batches are recovered.
   */
  recoverBounds(startOffset: number, endFloor: number): void {
    assert(this.index.count === 0, "bounds come before the recovered batches");
    this.startOffset = startOffset;
    this.endOffset = startOffset;
    this.recoveredEndFloor = Math.max(startOffset, endFloor);
  }

  /** Recovery: a completed rewrite replaces every batch recovered so far. */
  recoverRewrite(endOffset: number): void {
    this.index.clear();
    this.heldBytes = 0;
    this.endOffset = this.startOffset;
    this.recoveredEndFloor = Math.max(this.recoveredEndFloor, endOffset);
  }

  /** Recovery done: the next offset is at least every recorded floor. */
  recoverFinish(): void {
    this.endOffset = Math.max(this.endOffset, this.recoveredEndFloor);
    if (this.index.count === 0) this.startOffset = this.endOffset;
  }

  /** Calls `fn` with the WAL segment of every held batch that has a WAL copy. */
  forEachWalSegment(fn: (segment: number) => void): void {
    const index = this.index;
    for (let i = index.head; i < index.tail; i++) {
      if (index.walSegment[i] !== -1) fn(index.walSegment[i]);
    }
  }

  /** Index entry of the batch whose base offset is exactly `baseOffset`, or -1. */
  private entryAt(baseOffset: number): number {
    const i = this.index.findContaining(baseOffset);
    return i >= this.index.head && this.index.baseOffset[i] === baseOffset ? i : -1;
  }

  /** Drops the first `count` batches after recording the new bounds; returns their bytes. */
  private dropFront(count: number): number {
    if (count === 0) return 0;
    const index = this.index;
    const newStart = count < index.count ? index.baseOffset[index.head + count] : this.endOffset;
    this.onBoundsMoved?.(newStart, this.endOffset);
    let freedBytes = 0;
    for (let k = 0; k < count; k++) freedBytes += this.dropOldest();
    this.startOffset = newStart;
    return freedBytes;
  }

  /** Remove the oldest batch, releasing its memory and WAL copies. Returns its size in bytes. */
  private dropOldest(): number {
    const index = this.index;
    const i = index.head;
    const lengthBytes = index.lengthBytes[i];
    if (index.segmentId[i] !== -1) this.releaseMemory(i);
    if (index.walSegment[i] !== -1) this.tiering.wal!.release(index.walSegment[i]);
    index.shift();
    this.heldBytes -= lengthBytes;
    return lengthBytes;
  }

  private releaseMemory(i: number): void {
    const index = this.index;
    this.arena.release(index.segmentId[i]);
    index.segmentId[i] = -1;
    this.memoryBytes -= index.lengthBytes[i];
    this.memoryBatchCount--;
    this.tiering.memoryBatches--;
  }

  private memoryFull(sizeBytes: number): MemoryFullError {
    const wal = this.tiering.wal;
    return new MemoryFullError(
      `memory full: no room for a ${sizeBytes}-byte batch in ${this.topic}-${this.partition}: ` +
        `${this.arena.pool.usedBytes} of ${this.arena.pool.limitBytes} bytes in use` +
        (wal === null
          ? ""
          : ` and nothing could spill (WAL ${wal.diskBytes} of max_disk ${wal.maxDiskBytes} bytes)`),
    );
  }
}

/**
 * Disk-only batches of a partition closer than this in one WAL file are read together, gap
 * included (other partitions' entries); further apart, each run is read on its own.
 */
const WAL_GAP_READ_BYTES = 64 * 1024;

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
