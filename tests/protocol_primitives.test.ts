import assert from "node:assert/strict";
import { Reader } from "../broker/protocol/reader.ts";
import { Writer } from "../broker/protocol/writer.ts";
import { copyResponse } from "../broker/response_bytes.ts";

const strings = [
  "",
  "topic-1",
  "é",
  "日本語のトピック",
  "a".repeat(64),
  "a".repeat(65),
  "x".repeat(63) + "ü",
  "emoji 🎉 in a name",
];

Deno.test("strings round-trip as classic and compact, ASCII or not", () => {
  for (const compact of [false, true]) {
    for (const s of strings) {
      const w = new Writer(8);
      w.string(s, compact);
      const bytes = w.written();
      const utf8 = new TextEncoder().encode(s);
      const r = new Reader(bytes);
      const length = compact ? r.uvarint() - 1 : r.int16();
      assert.equal(length, utf8.length, `length prefix of ${JSON.stringify(s)}`);
      assert.deepEqual(bytes.subarray(r.offset), utf8, `UTF-8 bytes of ${JSON.stringify(s)}`);
      assert.equal(r.utf8(length), s);
      assert.equal(r.remaining, 0);
    }
  }
});

Deno.test("a short string with a byte above 0x7f is decoded as UTF-8, not char codes", () => {
  const bytes = new Uint8Array([0x41, 0xc3, 0xa9, 0x42]); // "AéB"
  assert.equal(new Reader(bytes).utf8(4), "AéB");
  const invalid = new Uint8Array([0x41, 0xff]);
  assert.equal(new Reader(invalid).utf8(2), "A\ufffd", "invalid UTF-8 as TextDecoder does");
});

Deno.test("response copies are independent of their source and of each other", () => {
  const source = new Uint8Array(5000);
  const copies: { copy: Uint8Array; fill: number }[] = [];
  // Enough small copies to cross several shared chunks, and large ones between them.
  for (let i = 0; i < 300; i++) {
    const sizeBytes = i % 50 === 0 ? 5000 : 1 + (i * 37) % 900;
    const fill = i % 251;
    source.fill(fill, 0, sizeBytes);
    copies.push({ copy: copyResponse(source.subarray(0, sizeBytes)), fill });
    source.fill(255);
  }
  for (const { copy, fill } of copies) assert.ok(copy.every((b) => b === fill));
});

Deno.test("a writer hands over its buffer without a copy and goes on in the next one", () => {
  const w = new Writer(16);
  w.int32(7).string("a longer string than sixteen bytes", false);
  const sizeBytes = w.offset;
  const expected = w.written().slice();
  const next = new Uint8Array(64);
  const handed = w.handOver(next);
  assert.deepEqual(handed.subarray(0, sizeBytes), expected);
  assert.equal(w.offset, 0);
  w.int32(9);
  assert.equal(next[3], 9, "writes go to the next buffer");
  assert.deepEqual(handed.subarray(0, sizeBytes), expected, "the handed-over bytes stay");
  assert.throws(() => w.handOver(new Uint8Array(0)), /non-empty/);
});
