/**
 * CRC-32C (Castagnoli), the checksum of Kafka RecordBatch v2.
 *
 * Slicing-by-8 over one 2048-entry table: table k (entries k*256 ..) gives the
 * CRC contribution of a byte that is followed by k more bytes, so each step
 * folds 8 input bytes with 8 lookups. Polynomial 0x1EDC6F41, reflected
 * 0x82F63B78, initial value and final xor 0xFFFFFFFF (RFC 3720, B.4).
 */
const POLYNOMIAL_REFLECTED = 0x82f63b78;
const TABLE_COUNT = 8;

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
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (!(0 <= start && start <= end && end <= bytes.length)) {
    throw new RangeError(`crc32c range [${start}, ${end}) outside 0..${bytes.length}`);
  }
  const t = table;
  let crc = -1;
  let i = start;
  const end8 = end - ((end - start) & 7);
  while (i < end8) {
    const lo = crc ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    crc = t[0x700 + (lo & 0xff)] ^ t[0x600 + ((lo >>> 8) & 0xff)] ^
      t[0x500 + ((lo >>> 16) & 0xff)] ^ t[0x400 + (lo >>> 24)] ^
      t[0x300 + bytes[i + 4]] ^ t[0x200 + bytes[i + 5]] ^
      t[0x100 + bytes[i + 6]] ^ t[bytes[i + 7]];
    i += 8;
  }
  while (i < end) crc = (crc >>> 8) ^ t[(crc ^ bytes[i++]) & 0xff];
  return (crc ^ -1) >>> 0;
}
