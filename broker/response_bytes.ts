/**
 * Copies of encoded responses, carved from shared chunks.
 *
 * A connection encodes each response with one reused Writer and keeps a copy until it is written.
 * An ArrayBuffer of its own per copy costs about 300 ns; a view into a shared chunk about 40 ns,
 * which is most of a small response's encoding. A response lives only until it is written, so a
 * chunk is pinned briefly; large responses (Fetch) still get a buffer of their own.
 */
const CHUNK_BYTES = 64 * 1024;
/** Larger copies get their own buffer: the allocation is small beside the copy itself. */
const IN_CHUNK_MAX_BYTES = 4 * 1024;

let chunk = new Uint8Array(CHUNK_BYTES);
let chunkUsedBytes = 0;

/** A copy of `bytes`, independent of the buffer they lie in. */
export function copyResponse(bytes: Uint8Array): Uint8Array {
  const sizeBytes = bytes.length;
  if (sizeBytes > IN_CHUNK_MAX_BYTES) return bytes.slice();
  if (chunkUsedBytes + sizeBytes > CHUNK_BYTES) {
    chunk = new Uint8Array(CHUNK_BYTES);
    chunkUsedBytes = 0;
  }
  const copy = chunk.subarray(chunkUsedBytes, chunkUsedBytes + sizeBytes);
  copy.set(bytes);
  chunkUsedBytes += sizeBytes;
  return copy;
}
