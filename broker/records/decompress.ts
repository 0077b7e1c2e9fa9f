/**
 * Decompresses the records section of a RecordBatch by its codec id
 * (attributes bits 0-2: 1 gzip, 2 snappy, 3 lz4, 4 zstd). gzip and zstd use
 * node:zlib; snappy and LZ4 are decoded here in TypeScript.
 *
 * Output is bounded: a small hostile payload must not inflate into gigabytes.
 */
import { gunzipSync, zstdDecompressSync } from "node:zlib";
import { ProtocolError } from "../protocol/errors.ts";
import { Codec } from "./batch_header.ts";
import { lz4FrameDecompress } from "./lz4_frame.ts";
import { snappyDecompress } from "./snappy.ts";

export const MAX_DECOMPRESSED_SIZE_BYTES = 256 * 1024 * 1024;

function viaZlib(name: string, inflate: () => Uint8Array): Uint8Array {
  try {
    const out = inflate();
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    throw new ProtocolError(`${name}: ${(e as Error).message}`);
  }
}

/** The decompressed bytes of `payload` compressed with codec `codec` (1..4). */
export function decompress(codec: number, payload: Uint8Array): Uint8Array {
  const maxOutputLength = MAX_DECOMPRESSED_SIZE_BYTES;
  switch (codec) {
    case Codec.gzip:
      return viaZlib("gzip", () => gunzipSync(payload, { maxOutputLength }));
    case Codec.snappy:
      return snappyDecompress(payload, maxOutputLength);
    case Codec.lz4:
      return lz4FrameDecompress(payload, maxOutputLength);
    case Codec.zstd:
      return viaZlib("zstd", () => zstdDecompressSync(payload, { maxOutputLength }));
    default:
      throw new ProtocolError(`unknown compression codec ${codec}`);
  }
}
