/**
 * BatchIndex: one partition's batch index as parallel growable typed arrays.
 *
 * Entries are appended at `tail` and removed from `head` (retention and
 * DeleteRecords only ever drop the oldest batches). When the arrays are full
 * the live range is compacted to the front if at most half is in use, else
 * copied into arrays of twice the size: both amortized O(1) per push.
 *
 * The column arrays are exposed for allocation-free reads by PartitionLog;
 * only this class writes them. Live entries are [head, tail).
 */
import assert from "node:assert/strict";

const INITIAL_CAPACITY = 16;

export class BatchIndex {
  baseOffset: Float64Array = new Float64Array(INITIAL_CAPACITY);
  lastOffsetDelta: Int32Array = new Int32Array(INITIAL_CAPACITY);
  /** SegmentPool id holding the batch (a segment, or a large allocation); -1: not in memory. */
  segmentId: Int32Array = new Int32Array(INITIAL_CAPACITY);
  /** Position in the memory segment (when segmentId != -1). */
  positionBytes: Int32Array = new Int32Array(INITIAL_CAPACITY);
  /** WAL segment holding a copy of the batch; -1: none (memory only). */
  walSegment: Int32Array = new Int32Array(INITIAL_CAPACITY);
  /** Position of the batch bytes in that WAL segment file. */
  walPositionBytes: Int32Array = new Int32Array(INITIAL_CAPACITY);
  lengthBytes: Int32Array = new Int32Array(INITIAL_CAPACITY);
  maxTimestampMs: Float64Array = new Float64Array(INITIAL_CAPACITY);
  appendTimeMs: Float64Array = new Float64Array(INITIAL_CAPACITY);
  head = 0;
  tail = 0;

  get count(): number {
    return this.tail - this.head;
  }

  get capacity(): number {
    return this.baseOffset.length;
  }

  /** Make room for one more entry, so the following push cannot move memory. */
  reserveOne(): void {
    if (this.tail < this.capacity) return;
    const live = this.count;
    const capacity = live * 2 <= this.capacity ? this.capacity : this.capacity * 2;
    this.baseOffset = this.movedFloat64(this.baseOffset, capacity);
    this.lastOffsetDelta = this.movedInt32(this.lastOffsetDelta, capacity);
    this.segmentId = this.movedInt32(this.segmentId, capacity);
    this.positionBytes = this.movedInt32(this.positionBytes, capacity);
    this.walSegment = this.movedInt32(this.walSegment, capacity);
    this.walPositionBytes = this.movedInt32(this.walPositionBytes, capacity);
    this.lengthBytes = this.movedInt32(this.lengthBytes, capacity);
    this.maxTimestampMs = this.movedFloat64(this.maxTimestampMs, capacity);
    this.appendTimeMs = this.movedFloat64(this.appendTimeMs, capacity);
    this.head = 0;
    this.tail = live;
  }

  push(
    baseOffset: number,
    lastOffsetDelta: number,
    segmentId: number,
    positionBytes: number,
    lengthBytes: number,
    maxTimestampMs: number,
    appendTimeMs: number,
    walSegment: number,
    walPositionBytes: number,
  ): void {
    this.reserveOne();
    const i = this.tail++;
    this.baseOffset[i] = baseOffset;
    this.lastOffsetDelta[i] = lastOffsetDelta;
    this.segmentId[i] = segmentId;
    this.positionBytes[i] = positionBytes;
    this.lengthBytes[i] = lengthBytes;
    this.maxTimestampMs[i] = maxTimestampMs;
    this.appendTimeMs[i] = appendTimeMs;
    this.walSegment[i] = walSegment;
    this.walPositionBytes[i] = walPositionBytes;
  }

  /** Drop the oldest entry. */
  shift(): void {
    if (this.tail <= this.head) assert.fail("shift() of an empty batch index");
    this.head++;
    if (this.head === this.tail) this.head = this.tail = 0;
  }

  clear(): void {
    this.head = this.tail = 0;
  }

  /** Entry index of the last batch whose base offset is <= offset; head - 1 when none. */
  findContaining(offset: number): number {
    let lo = this.head;
    let hi = this.tail - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.baseOffset[mid] <= offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi;
  }

  /** The live range of `from` at the front of an array of `capacity` entries (in place if equal). */
  private movedFloat64(from: Float64Array, capacity: number): Float64Array {
    if (capacity === from.length) return from.copyWithin(0, this.head, this.tail);
    const to = new Float64Array(capacity);
    to.set(from.subarray(this.head, this.tail));
    return to;
  }

  private movedInt32(from: Int32Array, capacity: number): Int32Array {
    if (capacity === from.length) return from.copyWithin(0, this.head, this.tail);
    const to = new Int32Array(capacity);
    to.set(from.subarray(this.head, this.tail));
    return to;
  }
}
