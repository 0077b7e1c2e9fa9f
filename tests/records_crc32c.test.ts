import assert from "node:assert/strict";
import { crc32c } from "../broker/records/crc32c.ts";

/** Bit-at-a-time CRC-32C, the definition the table-driven version must match. */
function crc32cBitwise(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

Deno.test("crc32c matches the RFC 3720 B.4 vectors", () => {
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
  assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c);
});

Deno.test("crc32c of '123456789' is the check value 0xE3069283", () => {
  assert.equal(crc32c(new TextEncoder().encode("123456789")), 0xe3069283);
});

Deno.test("crc32c of nothing is 0", () => {
  assert.equal(crc32c(new Uint8Array(0)), 0);
});

Deno.test("crc32c agrees with the bitwise definition for every length and start 0..40", () => {
  const data = Uint8Array.from({ length: 81 }, (_, i) => (i * 167 + 13) & 0xff);
  for (let start = 0; start <= 40; start++) {
    for (let end = start; end <= start + 40; end++) {
      assert.equal(crc32c(data, start, end), crc32cBitwise(data.subarray(start, end)));
    }
  }
});

Deno.test("crc32c respects a subarray's byteOffset", () => {
  const outer = Uint8Array.from({ length: 100 }, (_, i) => i);
  const inner = outer.subarray(7, 93);
  assert.equal(crc32c(inner), crc32cBitwise(inner));
  assert.equal(crc32c(inner, 3), crc32cBitwise(outer.subarray(10, 93)));
});

Deno.test("crc32c rejects a range outside the buffer", () => {
  const data = new Uint8Array(8);
  assert.throws(() => crc32c(data, 0, 9), RangeError);
  assert.throws(() => crc32c(data, 5, 4), RangeError);
  assert.throws(() => crc32c(data, -1), RangeError);
});
