import assert from "node:assert/strict";
import { FrameBuffers } from "../broker/frame_buffers.ts";

const MiB = 1024 * 1024;

Deno.test("a returned frame buffer serves the next frame that fits", () => {
  const buffers = new FrameBuffers(8 * MiB, 4 * MiB);
  const first = buffers.take(1.5 * MiB);
  assert.equal(first.length, 2 * MiB, "sized up to a power of two");
  assert.equal(buffers.take(100).length, 32 * 1024, "at least 32 KiB");
  buffers.give(first);
  assert.equal(buffers.retainedSizeBytes, 2 * MiB);
  assert.equal(buffers.take(100 * 1024), first, "the same buffer again");
  assert.equal(buffers.retainedSizeBytes, 0);
  assert.notEqual(buffers.take(100 * 1024), first, "a taken buffer is not handed out twice");
});

Deno.test("the smallest buffer that fits is taken", () => {
  const buffers = new FrameBuffers(16 * MiB, 4 * MiB);
  const small = buffers.take(MiB);
  const large = buffers.take(3 * MiB);
  buffers.give(large);
  buffers.give(small);
  assert.equal(buffers.take(MiB / 2), small);
  assert.equal(buffers.take(MiB / 2), large);
});

Deno.test("frame buffers stay within their bounds", () => {
  const buffers = new FrameBuffers(4 * MiB, 2 * MiB);
  const oversized = buffers.take(3 * MiB + 5);
  assert.equal(oversized.length, 3 * MiB + 5, "above the largest kept size: exact, not rounded");
  buffers.give(oversized);
  assert.equal(buffers.freeCount, 0, "an oversized buffer is dropped");

  const taken = [buffers.take(MiB), buffers.take(MiB), buffers.take(2 * MiB), buffers.take(MiB)];
  assert.deepEqual(taken.map((b) => b.length), [MiB, MiB, 2 * MiB, MiB]);
  for (const b of taken) buffers.give(b);
  assert.ok(buffers.retainedSizeBytes <= 4 * MiB, `retained ${buffers.retainedSizeBytes}`);
  assert.equal(buffers.retainedSizeBytes, 4 * MiB);
  const kept = [buffers.take(2 * MiB), buffers.take(MiB)];
  assert.ok(kept.every((b) => taken.includes(b)), "the large buffer is kept over small ones");
});

Deno.test("at most 64 free buffers are kept, however small", () => {
  const buffers = new FrameBuffers(1024 * MiB, MiB);
  const taken = Array.from({ length: 100 }, () => buffers.take(1000));
  for (const b of taken) buffers.give(b);
  assert.equal(buffers.freeCount, 64);
  assert.equal(buffers.retainedSizeBytes, 64 * 32 * 1024);
});
