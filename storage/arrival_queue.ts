/**
 * ArrivalQueue: the batches held in memory, in the order they were placed there, across all
 * partitions, so spill can move the globally oldest ones first (which also frees the arena's
 * segments in order, since it places batches in arrival order).
 *
 * An entry is (log id, base offset) in two parallel typed arrays used as a FIFO. Entries whose
 * batch has since left memory (retention, purge, compaction, topic deletion) are skipped when
 * reached; `compact` drops them in one pass when they outnumber the live ones, so the queue stays
 * within twice the number of batches in memory.
 */
import assert from "node:assert/strict";

const INITIAL_CAPACITY = 1024;

export class ArrivalQueue {
  private logIds = new Int32Array(INITIAL_CAPACITY);
  private baseOffsets = new Float64Array(INITIAL_CAPACITY);
  private head = 0;
  private tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  push(logId: number, baseOffset: number): void {
    if (this.tail === this.logIds.length) this.grow();
    this.logIds[this.tail] = logId;
    this.baseOffsets[this.tail] = baseOffset;
    this.tail++;
  }

  /** The oldest entry's log id, or -1 when empty; its base offset is then in `peekBaseOffset`. */
  peekLogId(): number {
    return this.head < this.tail ? this.logIds[this.head] : -1;
  }

  get peekBaseOffset(): number {
    if (this.head >= this.tail) assert.fail("peek into an empty arrival queue");
    return this.baseOffsets[this.head];
  }

  shift(): void {
    if (this.head >= this.tail) assert.fail("shift of an empty arrival queue");
    this.head++;
    if (this.head === this.tail) this.head = this.tail = 0;
  }

  /** Keeps only the entries `isLive` accepts, in order. */
  compact(isLive: (logId: number, baseOffset: number) => boolean): void {
    let to = 0;
    for (let i = this.head; i < this.tail; i++) {
      if (!isLive(this.logIds[i], this.baseOffsets[i])) continue;
      this.logIds[to] = this.logIds[i];
      this.baseOffsets[to] = this.baseOffsets[i];
      to++;
    }
    this.head = 0;
    this.tail = to;
  }

  private grow(): void {
    const live = this.length;
    const capacity = live * 2 <= this.logIds.length ? this.logIds.length : this.logIds.length * 2;
    const logIds = capacity === this.logIds.length ? this.logIds : new Int32Array(capacity);
    const baseOffsets = capacity === this.baseOffsets.length
      ? this.baseOffsets
      : new Float64Array(capacity);
    if (logIds === this.logIds) {
      logIds.copyWithin(0, this.head, this.tail);
      baseOffsets.copyWithin(0, this.head, this.tail);
    } else {
      logIds.set(this.logIds.subarray(this.head, this.tail));
      baseOffsets.set(this.baseOffsets.subarray(this.head, this.tail));
    }
    this.logIds = logIds;
    this.baseOffsets = baseOffsets;
    this.head = 0;
    this.tail = live;
  }
}
