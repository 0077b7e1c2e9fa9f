/**
 * Copies of small encoded responses, carved from shared chunks.
 *
 * A connection encodes each response with one reused Writer and keeps a copy until it is written.
 * An ArrayBuffer of its own per copy costs about 300 ns; a view into a shared chunk about 40 ns,
 * which is most of a small response's encoding. A response lives only until it is written, so a
 * chunk is pinned briefly. Larger responses go to reusable buffers (frame_buffers.ts).
 */
import assert from "node:assert/strict";

const CHUNK_BYTES = 64 * 1024;
/** The largest response copied into a chunk. */
export const SMALL_RESPONSE_MAX_BYTES = 16 * 1024;

let chunk = new Uint8Array(CHUNK_BYTES);
let chunkUsedBytes = 0;

/** A copy of `bytes`, independent of the buffer they lie in. */
export function copyResponse(bytes: Uint8Array): Uint8Array {
  const sizeBytes = bytes.length;
  if (sizeBytes > SMALL_RESPONSE_MAX_BYTES) {
    assert.fail(`a response of ${sizeBytes} bytes is not small (${SMALL_RESPONSE_MAX_BYTES} max)`);
  }
  if (chunkUsedBytes + sizeBytes > CHUNK_BYTES) {
    chunk = new Uint8Array(CHUNK_BYTES);
    chunkUsedBytes = 0;
  }
  const copy = chunk.subarray(chunkUsedBytes, chunkUsedBytes + sizeBytes);
  copy.set(bytes);
  chunkUsedBytes += sizeBytes;
  return copy;
}
