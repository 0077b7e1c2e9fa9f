import assert from "node:assert/strict";
import { crc32c, crc32cBackend, crc32cNative } from "../broker/records/crc32c.ts";
import { crc32cPortable } from "../broker/records/crc32c_portable.ts";

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
  const long = new Uint8Array(4096);
  assert.throws(() => crc32c(long, 0, 4097), RangeError);
  assert.throws(() => crc32c(long, -1, 4000), RangeError);
});

Deno.test("the CPU instruction is used where the addon ships (tests run with --allow-ffi)", () => {
  const shipped = ["x86_64", "aarch64"].includes(Deno.build.arch) &&
    ["linux", "darwin", "windows"].includes(Deno.build.os);
  if (!shipped) return;
  assert.equal(crc32cBackend.name, "native", crc32cBackend.reason);
  assert.ok(crc32cNative);
  assert.equal(crc32cNative(new TextEncoder().encode("123456789")), 0xe3069283);
});

Deno.test("long ranges give the portable result at any offset and length", () => {
  const data = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 2654435761) >>> 24);
  let seed = 7;
  const next = (bound: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % bound;
  for (let i = 0; i < 300; i++) {
    const start = next(1000);
    const end = Math.min(data.length, start + 400 + next(i < 200 ? 2000 : 69_000));
    assert.equal(crc32c(data, start, end), crc32cPortable(data, start, end), `[${start}, ${end})`);
  }
  const inner = data.subarray(333, 60_333);
  assert.equal(crc32c(inner), crc32cBitwise(inner));
});
