/**
 * Snappy decompression for Kafka record batches (codec 2), in both framings
 * producers send: raw Snappy blocks (librdkafka, franz-go, sarama) and the
 * xerial snappy-java stream (the Java client).
 *
 * Raw block (google/snappy format_description.txt): uvarint uncompressed
 * length, then elements whose tag byte's low 2 bits pick the kind:
 *   00 literal: length-1 in the upper 6 bits; 60..63 mean 1..4 little-endian
 *      length-1 bytes follow
 *   01 copy: length 4 + bits 2-4, offset bits 5-7 (high) + 1 byte (low)
 *   10 copy: length 1 + upper 6 bits, 2-byte little-endian offset
 *   11 copy: length 1 + upper 6 bits, 4-byte little-endian offset
 * A copy may overlap its own output (offset < length repeats a pattern).
 *
 * xerial stream (snappy-java SnappyOutputStream): 8-byte magic
 * 0x82 "SNAPPY" 0x00, int32 version, int32 compatible version, then chunks of
 * big-endian int32 length + one raw block.
 */
import { ProtocolError } from "../protocol/errors.ts";

const XERIAL_MAGIC = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00];
const XERIAL_HEADER_SIZE = 16;
/** Below this many bytes a plain loop beats a native copy call. */
const SHORT_COPY_BYTES = 32;

function isXerial(input: Uint8Array): boolean {
  if (input.length < XERIAL_HEADER_SIZE) return false;
  return XERIAL_MAGIC.every((b, i) => input[i] === b);
}

/** Decompresses a Kafka snappy payload, raw or xerial-framed, to at most maxSizeBytes. */
export function snappyDecompress(input: Uint8Array, maxSizeBytes: number): Uint8Array {
  if (!isXerial(input)) return decodeBlock(input, 0, input.length, maxSizeBytes);
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const blocks: Uint8Array[] = [];
  let totalBytes = 0;
  let at = XERIAL_HEADER_SIZE;
  while (at < input.length) {
    if (at + 4 > input.length) throw new ProtocolError("snappy: truncated xerial chunk length");
    const chunkSize = view.getInt32(at);
    at += 4;
    if (chunkSize < 0 || at + chunkSize > input.length) {
      throw new ProtocolError(`snappy: xerial chunk of ${chunkSize} bytes overruns the input`);
    }
    const block = decodeBlock(input, at, at + chunkSize, maxSizeBytes - totalBytes);
    blocks.push(block);
    totalBytes += block.length;
    at += chunkSize;
  }
  return concat(blocks, totalBytes);
}

function concat(parts: Uint8Array[], totalBytes: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(totalBytes);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Decodes the raw Snappy block in input[start, end). */
function decodeBlock(
  input: Uint8Array,
  start: number,
  end: number,
  maxSizeBytes: number,
): Uint8Array {
  let at = start;
  let outSize = 0;
  for (let shift = 0;; shift += 7) {
    if (at >= end || shift > 28) throw new ProtocolError("snappy: bad length preamble");
    const b = input[at++];
    outSize = (outSize | ((b & 0x7f) << shift)) >>> 0;
    if ((b & 0x80) === 0) break;
  }
  if (outSize > maxSizeBytes) {
    throw new ProtocolError(`snappy: ${outSize} bytes exceed the ${maxSizeBytes}-byte limit`);
  }
  const out = new Uint8Array(outSize);
  let pos = 0;
  while (at < end) {
    const tag = input[at++];
    const kind = tag & 3;
    if (kind === 0) {
      let lengthMinus1 = tag >>> 2;
      if (lengthMinus1 >= 60) {
        const lengthBytes = lengthMinus1 - 59;
        if (at + lengthBytes > end) throw new ProtocolError("snappy: truncated literal length");
        lengthMinus1 = 0;
        for (let i = 0; i < lengthBytes; i++) lengthMinus1 |= input[at + i] << (8 * i);
        lengthMinus1 >>>= 0;
        at += lengthBytes;
      }
      const length = lengthMinus1 + 1;
      if (at + length > end || pos + length > outSize) {
        throw new ProtocolError("snappy: literal overruns its block");
      }
      if (length < SHORT_COPY_BYTES) {
        for (const stop = at + length; at < stop;) out[pos++] = input[at++];
      } else {
        out.set(input.subarray(at, at + length), pos);
        at += length;
        pos += length;
      }
      continue;
    }
    let length: number;
    let offset: number;
    if (kind === 1) {
      if (at + 1 > end) throw new ProtocolError("snappy: truncated copy");
      length = 4 + ((tag >>> 2) & 7);
      offset = ((tag >>> 5) << 8) | input[at];
      at += 1;
    } else if (kind === 2) {
      if (at + 2 > end) throw new ProtocolError("snappy: truncated copy");
      length = 1 + (tag >>> 2);
      offset = input[at] | (input[at + 1] << 8);
      at += 2;
    } else {
      if (at + 4 > end) throw new ProtocolError("snappy: truncated copy");
      length = 1 + (tag >>> 2);
      offset =
        (input[at] | (input[at + 1] << 8) | (input[at + 2] << 16) | (input[at + 3] << 24)) >>>
        0;
      at += 4;
    }
    if (offset === 0 || offset > pos || pos + length > outSize) {
      throw new ProtocolError(`snappy: copy of ${length} bytes from offset ${offset} at ${pos}`);
    }
    // Copies are at most 64 bytes and may overlap their own output: copy byte by byte.
    for (let from = pos - offset, stop = pos + length; pos < stop;) out[pos++] = out[from++];
  }
  if (pos !== outSize) {
    throw new ProtocolError(`snappy: decoded ${pos} bytes, preamble said ${outSize}`);
  }
  return out;
}
