/**
 * Reader: a bounds-checked cursor over one request frame.
 *
 * Every read checks the remaining length first and throws a ProtocolError
 * naming what was being read, so a truncated or lying frame becomes a clear
 * error for its connection and never a RangeError deep in a handler.
 */
import { ProtocolError } from "./errors.ts";

const TWO_POW_32 = 4294967296;
const utf8 = new TextDecoder();
const SHORT_STRING_BYTES = 64;

export class Reader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  offset: number;
  readonly end: number;

  constructor(bytes: Uint8Array, offset = 0, end = bytes.length) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = offset;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  private need(sizeBytes: number, what: string): void {
    if (sizeBytes < 0 || this.offset + sizeBytes > this.end) {
      throw new ProtocolError(
        `truncated ${what}: need ${sizeBytes} bytes at ${this.offset}, frame ends at ${this.end}`,
      );
    }
  }

  int8(): number {
    this.need(1, "int8");
    return this.view.getInt8(this.offset++);
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    this.need(2, "int16");
    const v = this.view.getInt16(this.offset);
    this.offset += 2;
    return v;
  }

  uint16(): number {
    this.need(2, "uint16");
    const v = this.view.getUint16(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    this.need(4, "int32");
    const v = this.view.getInt32(this.offset);
    this.offset += 4;
    return v;
  }

  uint32(): number {
    this.need(4, "uint32");
    const v = this.view.getUint32(this.offset);
    this.offset += 4;
    return v;
  }

  /** int64 as a JS number: exact for |n| < 2^53, which covers offsets, times and ids we issue. */
  int64(): number {
    this.need(8, "int64");
    const hi = this.view.getInt32(this.offset);
    const lo = this.view.getUint32(this.offset + 4);
    this.offset += 8;
    return hi * TWO_POW_32 + lo;
  }

  float64(): number {
    this.need(8, "float64");
    const v = this.view.getFloat64(this.offset);
    this.offset += 8;
    return v;
  }

  /** Unsigned LEB128 varint, at most 5 bytes (32 bits). */
  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      this.need(1, "uvarint");
      const b = this.bytes[this.offset++];
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    throw new ProtocolError("uvarint longer than 5 bytes");
  }

  /** Zig-zag signed varint, at most 5 bytes. */
  varint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** Zig-zag signed varlong, at most 10 bytes; exact within the safe integer range. */
  varlong(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      this.need(1, "varlong");
      const b = this.bytes[this.offset++];
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
      shift += 7;
    }
    throw new ProtocolError("varlong longer than 10 bytes");
  }

  /** A view (no copy) of the next sizeBytes bytes. */
  raw(sizeBytes: number, what = "bytes"): Uint8Array {
    this.need(sizeBytes, what);
    const v = this.bytes.subarray(this.offset, this.offset + sizeBytes);
    this.offset += sizeBytes;
    return v;
  }

  /**
   * A string of sizeBytes UTF-8 bytes. Short ASCII strings (client ids, topic and group names) are
   * built from their char codes, which skips TextDecoder's call into the runtime.
   */
  utf8(sizeBytes: number): string {
    const bytes = this.raw(sizeBytes, "string");
    if (sizeBytes <= SHORT_STRING_BYTES) {
      let ascii = true;
      for (let i = 0; i < sizeBytes; i++) {
        if (bytes[i] > 0x7f) {
          ascii = false;
          break;
        }
      }
      if (ascii) return String.fromCharCode.apply(null, bytes as unknown as number[]);
    }
    return utf8.decode(bytes);
  }

  skip(sizeBytes: number): void {
    this.need(sizeBytes, "skipped field");
    this.offset += sizeBytes;
  }
}
