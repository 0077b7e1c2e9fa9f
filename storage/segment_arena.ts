/**
 * SegmentArena: where batches of every partition are placed in the pool.
 *
 * All partitions append into one shared write segment, in arrival order, and a segment goes back
 * to the pool as soon as no live batch remains in it (the write segment too), so an empty store
 * holds no memory. A
 * partition holding a few bytes no longer pins a whole segment: the number of non-empty
 * partitions is not bounded by `max_memory / segment_size`, and the oldest segment holds the
 * oldest batches of the whole broker. A batch larger than a segment gets its own buffer from the
 * pool, charged against the same budget.
 */
import assert from "node:assert/strict";
import type { SegmentPool } from "./segment_pool.ts";

export class SegmentArena {
  readonly pool: SegmentPool;
  private writeSegment = -1;
  private writePositionBytes = 0;
  /** Live batches per segment id. */
  private readonly liveBatches: Int32Array;
  /** Position of the last placement, read right after `place` (no object per append). */
  placedAtBytes = 0;
  /** Spill planning: batches counted as leaving, per segment id, and the ids counted. */
  private readonly leaving: Int32Array;
  private readonly leavingIds: number[] = [];

  constructor(pool: SegmentPool) {
    this.pool = pool;
    this.liveBatches = new Int32Array(pool.segmentCount);
    this.leaving = new Int32Array(pool.segmentCount);
  }

  /**
   * Spill planning: counts one more batch of `id` (of `sizeBytes`) as leaving memory and returns
   * the bytes the pool gets back once the counted batches are released: a segment's size when this
   * was the last of its live batches to be counted, else 0; a large buffer's own size. Memory is
   * counted in whole segments, so a spill that stops by the bytes it moves instead of these would
   * overshoot by the segments' unused space. `endLeaving` ends the plan.
   */
  countLeaving(id: number, sizeBytes: number): number {
    if (id < 0) return sizeBytes;
    if (this.leaving[id]++ === 0) this.leavingIds.push(id);
    return this.leaving[id] === this.liveBatches[id] ? this.pool.segmentSizeBytes : 0;
  }

  /** Ends a spill plan, whether its batches were released or kept. */
  endLeaving(): void {
    for (const id of this.leavingIds) this.leaving[id] = 0;
    this.leavingIds.length = 0;
  }

  /**
   * Reserves `sizeBytes` for one batch: returns the segment (or large buffer) id, with the
   * position in `placedAtBytes`; -1 when the pool has no room (nothing changed).
   */
  place(sizeBytes: number): number {
    if (sizeBytes > this.pool.segmentSizeBytes) {
      this.placedAtBytes = 0;
      return this.pool.acquireLarge(sizeBytes);
    }
    if (
      this.writeSegment === -1 ||
      this.writePositionBytes + sizeBytes > this.pool.segmentSizeBytes
    ) {
      // The segment left behind holds live batches: an empty one was released already.
      const next = this.pool.acquire();
      if (next === -1) return -1;
      this.writeSegment = next;
      this.writePositionBytes = 0;
    }
    this.placedAtBytes = this.writePositionBytes;
    this.writePositionBytes += sizeBytes;
    this.liveBatches[this.writeSegment]++;
    return this.writeSegment;
  }

  /** One batch placed in `id` is gone; its memory returns to the pool once nothing uses it. */
  release(id: number): void {
    if (id < 0) {
      this.pool.release(id);
      return;
    }
    if (!(this.liveBatches[id] > 0)) {
      assert.fail(`release of a batch in segment ${id}, which holds none`);
    }
    if (--this.liveBatches[id] > 0) return;
    if (id === this.writeSegment) {
      this.writeSegment = -1;
      this.writePositionBytes = 0;
    }
    this.pool.release(id);
  }
}
