/**
 * LZ4 frame decompression for Kafka record batches (codec 3; magic 2 batches
 * carry standard LZ4 frames with a correct header checksum).
 *
 * Frame (lz4 doc/lz4_Frame_format.md): magic 0x184D2204 (LE), FLG byte
 * (bits 7-6 version = 01, bit 5 block independence, bit 4 block checksum,
 * bit 3 content size, bit 2 content checksum, bit 0 dictionary id), BD byte
 * (bits 6-4 max block size: 4 = 64 KiB .. 7 = 4 MiB), optional 8-byte content
 * size, optional 4-byte dictionary id, 1-byte header checksum; then blocks of
 * uint32 LE size (high bit set = stored uncompressed, 0 = end mark) + data
 * (+ 4-byte checksum if flagged); then an optional 4-byte content checksum.
 * Skippable frames (magic 0x184D2A50..5F, uint32 LE size) are skipped;
 * concatenated frames are decoded one after another.
 *
 * Block (lz4 doc/lz4_Block_format.md): sequences of token (high nibble literal
 * length, low nibble match length - 4; 15 means "add following bytes while
 * 255"), literals, 2-byte LE match offset, extra match length bytes. The last
 * sequence has literals only.
 *
 * The xxHash32 checksums are skipped, not verified: the batch's CRC-32C
 * already covers these bytes.
 */
import { ProtocolError } from "../protocol/errors.ts";

const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const FLG_VERSION_MASK = 0xc0;
const FLG_VERSION_01 = 0x40;
const FLG_BLOCK_CHECKSUM = 0x10;
const FLG_CONTENT_SIZE = 0x08;
const FLG_CONTENT_CHECKSUM = 0x04;
const FLG_DICTIONARY_ID = 0x01;
const BLOCK_UNCOMPRESSED = 0x80000000;
const MIN_MATCH_LENGTH = 4;

/** Output buffer that grows by doubling, never past maxSizeBytes. */
class Output {
  bytes: Uint8Array;
  pos = 0;

  constructor(readonly maxSizeBytes: number) {
    this.bytes = new Uint8Array(Math.min(64 * 1024, maxSizeBytes));
  }

  reserve(sizeBytes: number): void {
    const need = this.pos + sizeBytes;
    if (need <= this.bytes.length) return;
    if (need > this.maxSizeBytes) {
      throw new ProtocolError(`lz4: output exceeds the ${this.maxSizeBytes}-byte limit`);
    }
    const next = new Uint8Array(Math.min(Math.max(need, this.bytes.length * 2), this.maxSizeBytes));
    next.set(this.bytes.subarray(0, this.pos));
    this.bytes = next;
  }
}

/** Decompresses one or more concatenated LZ4 frames to at most maxSizeBytes. */
export function lz4FrameDecompress(input: Uint8Array, maxSizeBytes: number): Uint8Array {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const out = new Output(maxSizeBytes);
  let at = 0;
  while (at < input.length) {
    need(input, at, 4, "frame magic");
    const magic = view.getUint32(at, true);
    at += 4;
    if ((magic & SKIPPABLE_MAGIC_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      need(input, at, 4, "skippable frame size");
      const skipBytes = view.getUint32(at, true);
      need(input, at + 4, skipBytes, "skippable frame");
      at += 4 + skipBytes;
      continue;
    }
    if (magic !== FRAME_MAGIC) {
      throw new ProtocolError(`lz4: bad frame magic 0x${magic.toString(16)}`);
    }
    at = decodeFrame(input, view, at, out);
  }
  return out.bytes.subarray(0, out.pos);
}

function need(input: Uint8Array, at: number, sizeBytes: number, what: string): void {
  if (at + sizeBytes > input.length) throw new ProtocolError(`lz4: truncated ${what}`);
}

/** Decodes the frame whose descriptor starts at `at`; returns the position after it. */
function decodeFrame(input: Uint8Array, view: DataView, at: number, out: Output): number {
  need(input, at, 2, "frame descriptor");
  const flg = input[at];
  if ((flg & FLG_VERSION_MASK) !== FLG_VERSION_01) {
    throw new ProtocolError(`lz4: unsupported frame version in FLG 0x${flg.toString(16)}`);
  }
  if (flg & FLG_DICTIONARY_ID) throw new ProtocolError("lz4: frames with a dictionary id");
  at += 2; // FLG, BD (block size only bounds what we accept below)
  if (flg & FLG_CONTENT_SIZE) {
    need(input, at, 8, "content size");
    const contentSizeBytes = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
    out.reserve(contentSizeBytes);
    at += 8;
  }
  need(input, at, 1, "header checksum");
  at += 1;
  const blockChecksumSize = flg & FLG_BLOCK_CHECKSUM ? 4 : 0;
  for (;;) {
    need(input, at, 4, "block size");
    const word = view.getUint32(at, true);
    at += 4;
    if (word === 0) break;
    const sizeBytes = (word & ~BLOCK_UNCOMPRESSED) >>> 0;
    need(input, at, sizeBytes + blockChecksumSize, "block");
    if (word & BLOCK_UNCOMPRESSED) {
      out.reserve(sizeBytes);
      out.bytes.set(input.subarray(at, at + sizeBytes), out.pos);
      out.pos += sizeBytes;
    } else {
      decodeBlock(input, at, at + sizeBytes, out);
    }
    at += sizeBytes + blockChecksumSize;
  }
  const contentChecksumSize = flg & FLG_CONTENT_CHECKSUM ? 4 : 0;
  need(input, at, contentChecksumSize, "content checksum");
  return at + contentChecksumSize;
}

/** Below this many bytes a plain loop beats a native copy call. */
const SHORT_COPY_BYTES = 32;

/**
 * Decodes the LZ4 block in input[start, end) onto out. Matches may reach back
 * into earlier blocks of the same frame (linked blocks), so the whole frame
 * decodes into one buffer.
 */
function decodeBlock(input: Uint8Array, start: number, end: number, out: Output): void {
  let at = start;
  let bytes = out.bytes;
  let pos = out.pos;
  while (at < end) {
    const token = input[at++];
    let literalLength = token >>> 4;
    if (literalLength === 15) {
      for (let b = 255; b === 255;) {
        if (at >= end) throw new ProtocolError("lz4: truncated literal length");
        b = input[at++];
        literalLength += b;
      }
    }
    if (at + literalLength > end) throw new ProtocolError("lz4: literals overrun the block");
    if (pos + literalLength > bytes.length) {
      out.pos = pos;
      out.reserve(literalLength);
      bytes = out.bytes;
    }
    if (literalLength < SHORT_COPY_BYTES) {
      for (const stop = at + literalLength; at < stop;) bytes[pos++] = input[at++];
    } else {
      bytes.set(input.subarray(at, at + literalLength), pos);
      pos += literalLength;
      at += literalLength;
    }
    if (at === end) break; // the last sequence ends after its literals
    if (at + 2 > end) throw new ProtocolError("lz4: truncated match offset");
    const offset = input[at] | (input[at + 1] << 8);
    at += 2;
    let matchLength = (token & 15) + MIN_MATCH_LENGTH;
    if ((token & 15) === 15) {
      for (let b = 255; b === 255;) {
        if (at >= end) throw new ProtocolError("lz4: truncated match length");
        b = input[at++];
        matchLength += b;
      }
    }
    if (offset === 0 || offset > pos) {
      throw new ProtocolError(`lz4: match offset ${offset} at output ${pos}`);
    }
    if (pos + matchLength > bytes.length) {
      out.pos = pos;
      out.reserve(matchLength);
      bytes = out.bytes;
    }
    let from = pos - offset;
    if (offset >= matchLength && matchLength >= SHORT_COPY_BYTES) {
      bytes.copyWithin(pos, from, from + matchLength);
      pos += matchLength;
    } else {
      // Short or overlapping (offset < length repeats the last `offset` bytes): byte by byte.
      for (const stop = pos + matchLength; pos < stop;) bytes[pos++] = bytes[from++];
    }
  }
  out.pos = pos;
}
