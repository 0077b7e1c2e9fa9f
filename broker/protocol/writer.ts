/**
 * Writer: a growable big-endian byte builder, reused per connection.
 *
 * `reset()` keeps the backing buffer so steady-state encoding allocates
 * nothing; `finish()` returns a copy of the bytes written, safe to hold while
 * the writer is reused, and `handOver()` gives the buffer itself away.
 */
import assert from "node:assert/strict";

const TWO_POW_32 = 4294967296;
const utf8 = new TextEncoder();

export class Writer {
  buf: Uint8Array;
  view: DataView;
  offset = 0;

  constructor(initialSizeBytes = 64 * 1024) {
    this.buf = new Uint8Array(initialSizeBytes);
    this.view = new DataView(this.buf.buffer);
  }

  reset(): this {
    this.offset = 0;
    return this;
  }

  private ensure(sizeBytes: number): void {
    const need = this.offset + sizeBytes;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.offset));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  int8(v: number): this {
    this.ensure(1);
    this.view.setInt8(this.offset++, v);
    return this;
  }

  bool(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  int16(v: number): this {
    this.ensure(2);
    this.view.setInt16(this.offset, v);
    this.offset += 2;
    return this;
  }

  uint16(v: number): this {
    this.ensure(2);
    this.view.setUint16(this.offset, v);
    this.offset += 2;
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.view.setInt32(this.offset, v);
    this.offset += 4;
    return this;
  }

  uint32(v: number): this {
    this.ensure(4);
    this.view.setUint32(this.offset, v);
    this.offset += 4;
    return this;
  }

  int64(v: number): this {
    this.ensure(8);
    const hi = Math.floor(v / TWO_POW_32);
    this.view.setInt32(this.offset, hi);
    this.view.setUint32(this.offset + 4, v - hi * TWO_POW_32);
    this.offset += 8;
    return this;
  }

  float64(v: number): this {
    this.ensure(8);
    this.view.setFloat64(this.offset, v);
    this.offset += 8;
    return this;
  }

  uvarint(v: number): this {
    this.ensure(5);
    while (v >= 0x80) {
      this.buf[this.offset++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.offset++] = v;
    return this;
  }

  varint(v: number): this {
    return this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  varlong(v: number): this {
    let u = v >= 0 ? v * 2 : -v * 2 - 1;
    this.ensure(10);
    while (u >= 0x80) {
      this.buf[this.offset++] = (u % 128) | 0x80;
      u = Math.floor(u / 128);
    }
    this.buf[this.offset++] = u;
    return this;
  }

  raw(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.offset);
    this.offset += bytes.length;
    return this;
  }

  /** Writes a string's UTF-8 bytes with no length prefix; returns the byte count. */
  utf8(s: string): number {
    this.ensure(s.length * 3);
    const { written } = utf8.encodeInto(s, this.buf.subarray(this.offset));
    this.offset += written;
    return written;
  }

  /**
   * Writes a Kafka string's length prefix (int16, or uvarint length + 1 when `compact`) and its
   * UTF-8 bytes. ASCII, the usual case for topic and group names, is copied char by char:
   * TextEncoder.encode allocates and costs about 1 µs a call, the loop a few ns per char.
   */
  string(s: string, compact: boolean): this {
    const length = s.length;
    let ascii = true;
    for (let i = 0; i < length; i++) {
      if (s.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (!ascii) {
      const bytes = utf8.encode(s);
      if (compact) this.uvarint(bytes.length + 1);
      else this.int16(bytes.length);
      return this.raw(bytes);
    }
    if (compact) this.uvarint(length + 1);
    else this.int16(length);
    this.ensure(length);
    const buf = this.buf;
    let at = this.offset;
    for (let i = 0; i < length; i++) buf[at++] = s.charCodeAt(i);
    this.offset = at;
    return this;
  }

  /** Patches an int32 at an earlier position (for length prefixes). */
  patchInt32(at: number, v: number): void {
    this.view.setInt32(at, v);
  }

  /** A view of what was written so far; valid until the next write or reset. */
  written(): Uint8Array {
    return this.buf.subarray(0, this.offset);
  }

  /**
   * Hands over the buffer holding what was written (bytes `[0, offset)` of it) and goes on, empty,
   * in `next`: a large result leaves without a copy.
   */
  handOver(next: Uint8Array): Uint8Array {
    if (next.length === 0) assert.fail("a writer needs a non-empty buffer");
    const written = this.buf;
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
    this.offset = 0;
    return written;
  }

  /** A copy of what was written, independent of this writer. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.offset);
  }
}
