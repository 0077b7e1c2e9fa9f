/**
 * FrameBuffers: reusable buffers for large frames, both ways: request frames too large for a
 * connection's receive buffer, and encoded responses (Fetch) waiting to be written.
 *
 * A producer sends frames of megabytes (librdkafka's batch.size defaults to 1 MB per partition) and
 * a consumer receives them. A fresh buffer per frame costs the allocation, the zeroing and a page
 * fault per 4 KiB page: measured at a third of the broker's CPU on 1 KiB produce, and at 10x the
 * copy itself for Fetch responses once the memory pool is committed (the allocator then maps fresh
 * pages for every response). A buffer comes back here once its frame is handled (a request whose
 * API copies what it keeps) or written (a response), and serves the next frame with its pages
 * already mapped.
 *
 * Sizes are powers of two from 32 KiB, so similar frames share buffers and a buffer is at most twice
 * its frame. Bounds: at most `maxRetainedBytes` and MAX_FREE_BUFFERS buffers are kept across all
 * connections, and none larger than `maxBufferBytes`; a larger frame gets a buffer of its own that
 * is dropped after use.
 */
import assert from "node:assert/strict";

const MIN_BUFFER_BYTES = 32 * 1024;
const MAX_FREE_BUFFERS = 64;

export class FrameBuffers {
  private readonly free: Uint8Array[] = [];
  private retainedBytes = 0;

  constructor(
    readonly maxRetainedBytes: number,
    readonly maxBufferBytes: number,
  ) {
    assert(maxBufferBytes >= 0 && maxRetainedBytes >= 0, "frame buffer bounds must be >= 0");
  }

  /** A buffer of at least `sizeBytes`; its contents are undefined. */
  take(sizeBytes: number): Uint8Array {
    assert(Number.isSafeInteger(sizeBytes) && sizeBytes > 0, `bad frame size ${sizeBytes}`);
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const length = this.free[i].length;
      if (length >= sizeBytes && (best === -1 || length < this.free[best].length)) best = i;
    }
    if (best !== -1) {
      const buffer = this.free[best];
      this.free[best] = this.free[this.free.length - 1];
      this.free.pop();
      this.retainedBytes -= buffer.length;
      return buffer;
    }
    let rounded = MIN_BUFFER_BYTES;
    while (rounded < sizeBytes) rounded *= 2;
    return new Uint8Array(rounded <= this.maxBufferBytes ? rounded : sizeBytes);
  }

  /** Hands a buffer from `take` back once nothing refers to its contents any more. */
  give(buffer: Uint8Array): void {
    if (buffer.length > this.maxBufferBytes) return;
    // Make room by dropping the smallest buffers: the large ones are the costly ones to remake.
    while (
      (this.retainedBytes + buffer.length > this.maxRetainedBytes ||
        this.free.length >= MAX_FREE_BUFFERS) && this.free.length > 0
    ) {
      let smallest = 0;
      for (let i = 1; i < this.free.length; i++) {
        if (this.free[i].length < this.free[smallest].length) smallest = i;
      }
      if (this.free[smallest].length >= buffer.length) return;
      this.retainedBytes -= this.free[smallest].length;
      this.free[smallest] = this.free[this.free.length - 1];
      this.free.pop();
    }
    if (this.retainedBytes + buffer.length > this.maxRetainedBytes) return;
    this.free.push(buffer);
    this.retainedBytes += buffer.length;
  }

  get retainedSizeBytes(): number {
    return this.retainedBytes;
  }

  get freeCount(): number {
    return this.free.length;
  }
}
