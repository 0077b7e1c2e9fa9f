import assert from "node:assert/strict";
import { gzipSync, zstdCompressSync } from "node:zlib";
import { ProtocolError } from "../broker/protocol/errors.ts";
import { BATCH_HEADER_SIZE, BatchField, Codec } from "../broker/records/batch_header.ts";
import { crc32c } from "../broker/records/crc32c.ts";
import { decompress, MAX_DECOMPRESSED_SIZE_BYTES } from "../broker/records/decompress.ts";
import { lz4FrameDecompress } from "../broker/records/lz4_frame.ts";
import { buildBatch, decodeBatch, type NewRecord } from "../broker/records/record_codec.ts";
import { snappyDecompress } from "../broker/records/snappy.ts";

const enc = new TextEncoder();

function noise(sizeBytes: number, seed: number): Uint8Array {
  const out = new Uint8Array(sizeBytes);
  let s = seed;
  for (let i = 0; i < sizeBytes; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

/**
 * The records whose batch records section (bytes after the header) was
 * compressed by reference tools into the fixtures below:
 *   snappy raw:    snappyjs@0.7.0 compress(section)
 *   snappy xerial: 0x82 "SNAPPY" 0x00, int32 1, int32 1, then per 32 KiB of section
 *                  int32 length + snappyjs compress(chunk) (snappy-java's stream layout)
 *   lz4 independent: `lz4 -B4 section.bin` (lz4 v1.9.4: 64 KiB blocks, content checksum)
 *   lz4 linked:      `lz4 -B4 -BD -BX --content-size section.bin` (linked blocks,
 *                    block checksums, content size)
 *   zstd:            `zstd -19 --no-check section.bin` (zstd v1.5)
 */
const FIXTURE_RECORDS: NewRecord[] = [
  {
    key: enc.encode("k0"),
    value: enc.encode("Blink for Deno, record batch v2. ".repeat(2200)),
    timestampMs: 1700000000000,
  },
  {
    key: null,
    value: noise(1500, 7),
    timestampMs: 1700000000005,
    headers: [{ key: "h", value: enc.encode("v") }, { key: "n", value: null }],
  },
  { key: enc.encode("k2"), value: null, timestampMs: 1699999999990 },
];

const SNAPPY_RAW_BASE64 =
  "msMEsMTuCAAAAARrMLDuCEJsaW5rIGZvciBEZW5vLCByZWNvcmQgYmF0Y2ggdjIuIP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4hAP4h" +
  "AP4hAP4hAP4hAP4hAEohAIBvcmQgYmF0Y2ggdjIuIEJsaW5rIGZvciBEZW5vLCByZWP+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQDuIQANIfT1BQDUFwAKAgG4F8wmKlh/jX18H6or43PlggE3XMqd" +
  "gEgT80Y5e8fnu7YyaJFq3tGNp/TOtYPwkj20G5WNo2ieS03wUioBQiL8vlNMPMSzXg+hXGKAxkKhX3VsqByKT/54cqew" +
  "6WIIqheE6X+xxdYQo3YiP1bVLpSKVCiP8hPd/5z19ZbgQ76nSLpXtbmG4jzSfQ/xP50mSniqYRM1XTxugZETbDNYIzJI" +
  "4d1MWK0NoyZYSTX8FreRXp0CqkcVMIDsUJPAwl4SSklFlVLNaypxIPdT8AxEih/vINZ1xnAZ2Z6GZk8rIIPg/v52fZR9" +
  "pkFBlQo2qzhmmlrvgUGLNPSIVNTXAsZ0isyR7lMxZC2NFwK3qUTPDSuRSJWFiaytWQnHKJDupzxV1KvH3H4yUIZj3DLE" +
  "hirs14DgaD1yerp9Qa25k1SgaDCscQSaHyxH0QVCI0+SLAuD0MOJ482EvzCFtw1Bnz3xg/GC7fZ8wABPQ6P3lyr/qGXU" +
  "EeaNGJOy3pSR9VVox93RLPuWMqiU9HnUamJGPokQz81jOit+rRCRl+aN6XVDQLrVdN5sZIwoZtj+aWLnbpwt5tAJidIT" +
  "5+0oWz9vtXE2+E0BcaEayC/I3sNbTm0NsAo46adSl0TMMUiQv7dFzutl4zLIp+KkJO7cGNHGQn+8C8i9MAn7+OM7ZyMO" +
  "7m6TlvLQFCYwgLexwjpYtOYEnD3xhNeOEdcn3INgrXicpLV3sDovm81j1Q3LyNo1In/2u5pJPHilsQHyHnrEmKSJ497K" +
  "NIcC56cO9yvD8tROqNzK/t9vcN+69O27Z/hRRueMJYe8nATGFK2+odPuW5ejWQo1+23CtM+pHqhI19QfudezS7xqFY0d" +
  "OzuGDxrhhr00KW48son1fAhnzKjqniYjqvmWCWt0O+J60tP4vcoCcu/e+S8zq070MDKtfLd5sHWldgJnkS2qLmx3GXob" +
  "xE1pye49S2LZSRqBd2sqvXhsLCS1SIJNGJJ5SqWG7nLJBXO8KcH0L5JLe5S5wn58/mfxQks69ozZhueOZuUa/iEkj4Br" +
  "JnwCH5VRPgcLtWu2B5fR28lIteD1R+pQnS72X//oiJ0pHcKWQ4KR/Tp2AZkSIWQU/+utaCkUUISvyI1hStUBs6QA0tlP" +
  "ntvC4NSt7Ke6Rq8EO9R6SXfprrvx81MR2NatjTkPlo3kpQkpTt9BQrqAdB2FB+laQx4K+x9Sqr6fr5j0ydVHrz22Et3P" +
  "/nS8p9gzp/2cVTj3k1tFMdIqGAbujQia+DFBQA+oYq5wrUcxzs0fxmopocAo9Ax1l+JBErGuEobMZq0s7iK3rpZjdTWe" +
  "Kxzuv58pdPexX6W+Lbf41C53UB7FN/HMZHn+zlQxu0FDUW5ouUWXWvzn5WSxUxTtR7mpOPcBJ2De4Tpwj8L4bRiOLq5H" +
  "RFrjyuvGoGFL8k9EdSzicQcUmonDaNJtzk2RuL//VeZQlmKdTkaFfTJICXZkYl12Iqqp74/8RpFURdo+65+c/XDV44KP" +
  "zSKO9fnlQF2/ZxQIh/chUtQX7a+aMtA1uEDAh0quEsYxg2zfE2oOUaI7JEnzKMC0PJC+mTE9n93heS9V1EdzrLOuOpXS" +
  "2ldMWY9MUuUf9/rs9owkGVvsP5z7FXT+bFWTAKdmGps1oXkalP9t//p9BQWKLcGPqv/RVfgLWwEb92kxbazLATZ7HQv6" +
  "eb2MEpZQF4nBPP0CLyhpGnVewIoiuMv7EmLDUoKaO+vFRYn9EPUdLLa99vff8hyKgarLLSunv0nr9cy9Xm2mDLnhmY1H" +
  "p36pw8g823z7ouwsTF218/hrSdX3MWXELzWA9koPzyO3DjHuPLq6gisXYT8pXgzoC5fsvTU29XSWu+XrFegNFxML8YdW" +
  "il13hoaFTAZhWwPZeBvY2UrUOnP5VdCzzc4iQSESLa3vSewp5nCzgacEyfiwv6lpBiXvtJtnrXEV0dBnZrrGN1y+gVIX" +
  "tqEVGqlMnEu7AMcxxnZjOC1SeMEWOEVeCYlBa7ngWAQCaAJ2Am4BEAATBARrMgEA";

const SNAPPY_XERIAL_BASE64 =
  "glNOQVBQWQAAAAABAAAAAQAABjGAgAKwxO4IAAAABGswsO4IQmxpbmsgZm9yIERlbm8sIHJlY29yZCBiYXRjaCB2Mi4g" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEASiEAAAAGJYCAAoByZCBiYXRjaCB2Mi4gQmxpbmsgZm9yIERlbm8sIHJlY2/+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+IQD+" +
  "IQD+IQB6IQAAAAdpmkOAb3JkIGJhdGNoIHYyLiBCbGluayBmb3IgRGVubywgcmVj/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA" +
  "/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA/iEA7iEADSH09QUA1BcACgIBuBfMJipYf419fB+qK+Nz5YIBN1zKnYBI" +
  "E/NGOXvH57u2MmiRat7Rjaf0zrWD8JI9tBuVjaNonktN8FIqAUIi/L5TTDzEs14PoVxigMZCoV91bKgcik/+eHKnsOli" +
  "CKoXhOl/scXWEKN2Ij9W1S6UilQoj/IT3f+c9fWW4EO+p0i6V7W5huI80n0P8T+dJkp4qmETNV08boGRE2wzWCMySOHd" +
  "TFitDaMmWEk1/Ba3kV6dAqpHFTCA7FCTwMJeEkpJRZVSzWsqcSD3U/AMRIof7yDWdcZwGdmehmZPKyCD4P7+dn2UfaZB" +
  "QZUKNqs4Zppa74FBizT0iFTU1wLGdIrMke5TMWQtjRcCt6lEzw0rkUiVhYmsrVkJxyiQ7qc8VdSrx9x+MlCGY9wyxIYq" +
  "7NeA4Gg9cnq6fUGtuZNUoGgwrHEEmh8sR9EFQiNPkiwLg9DDiePNhL8whbcNQZ898YPxgu32fMAAT0Oj95cq/6hl1BHm" +
  "jRiTst6UkfVVaMfd0Sz7ljKolPR51GpiRj6JEM/NYzorfq0QkZfmjel1Q0C61XTebGSMKGbY/mli526cLebQCYnSE+ft" +
  "KFs/b7VxNvhNAXGhGsgvyN7DW05tDbAKOOmnUpdEzDFIkL+3Rc7rZeMyyKfipCTu3BjRxkJ/vAvIvTAJ+/jjO2cjDu5u" +
  "k5by0BQmMIC3scI6WLTmBJw98YTXjhHXJ9yDYK14nKS1d7A6L5vNY9UNy8jaNSJ/9ruaSTx4pbEB8h56xJikiePeyjSH" +
  "AuenDvcrw/LUTqjcyv7fb3DfuvTtu2f4UUbnjCWHvJwExhStvqHT7luXo1kKNfttwrTPqR6oSNfUH7nXs0u8ahWNHTs7" +
  "hg8a4Ya9NCluPLKJ9XwIZ8yo6p4mI6r5lglrdDvietLT+L3KAnLv3vkvM6tO9DAyrXy3ebB1pXYCZ5Etqi5sdxl6G8RN" +
  "acnuPUti2UkagXdrKr14bCwktUiCTRiSeUqlhu5yyQVzvCnB9C+SS3uUucJ+fP5n8UJLOvaM2YbnjmblGv4hJI+AayZ8" +
  "Ah+VUT4HC7VrtgeX0dvJSLXg9UfqUJ0u9l//6IidKR3ClkOCkf06dgGZEiFkFP/rrWgpFFCEr8iNYUrVAbOkANLZT57b" +
  "wuDUreynukavBDvUekl36a678fNTEdjWrY05D5aN5KUJKU7fQUK6gHQdhQfpWkMeCvsfUqq+n6+Y9MnVR689thLdz/50" +
  "vKfYM6f9nFU495NbRTHSKhgG7o0ImvgxQUAPqGKucK1HMc7NH8ZqKaHAKPQMdZfiQRKxrhKGzGatLO4it66WY3U1nisc" +
  "7r+fKXT3sV+lvi23+NQud1AexTfxzGR5/s5UMbtBQ1FuaLlFl1r85+VksVMU7Ue5qTj3ASdg3uE6cI/C+G0Yji6uR0Ra" +
  "48rrxqBhS/JPRHUs4nEHFJqJw2jSbc5Nkbi//1XmUJZinU5GhX0ySAl2ZGJddiKqqe+P/EaRVEXaPuufnP1w1eOCj80i" +
  "jvX55UBdv2cUCIf3IVLUF+2vmjLQNbhAwIdKrhLGMYNs3xNqDlGiOyRJ8yjAtDyQvpkxPZ/d4XkvVdRHc6yzrjqV0tpX" +
  "TFmPTFLlH/f67PaMJBlb7D+c+xV0/mxVkwCnZhqbNaF5GpT/bf/6fQUFii3Bj6r/0VX4C1sBG/dpMW2sywE2ex0L+nm9" +
  "jBKWUBeJwTz9Ai8oaRp1XsCKIrjL+xJiw1KCmjvrxUWJ/RD1HSy2vfb33/IcioGqyy0rp79J6/XMvV5tpgy54ZmNR6d+" +
  "qcPIPNt8+6LsLExdtfP4a0nV9zFlxC81gPZKD88jtw4x7jy6uoIrF2E/KV4M6AuX7L01NvV0lrvl6xXoDRcTC/GHVopd" +
  "d4aGhUwGYVsD2Xgb2NlK1Dpz+VXQs83OIkEhEi2t70nsKeZws4GnBMn4sL+paQYl77SbZ61xFdHQZ2a6xjdcvoFSF7ah" +
  "FRqpTJxLuwDHMcZ2YzgtUnjBFjhFXgmJQWu54FgEAmgCdgJuARAAEwQEazIBAA==";

const LZ4_INDEPENDENT_BASE64 =
  "BCJNGGRApzgBAAD/HsTuCAAAAARrMLDuCEJsaW5rIGZvciBEZW5vLCByZWNvcmQgYmF0Y2ggdjIuICEA////////////" +
  "////////////////////////////////////////////////////////////////////////////////////////////" +
  "////////////////////////////////////////////////////////////////////////////////////////////" +
  "////////////////////////////////////////////////////////////////////////////////////////////" +
  "/////////////////////////////////////////////////////7tQLCByZWM+BgAA/xJvcmQgYmF0Y2ggdjIuIEJs" +
  "aW5rIGZvciBEZW5vLCByZWMhAP///////////////////////////////////4vw///////sANQXAAoCAbgXzCYqWH+N" +
  "fXwfqivjc+WCATdcyp2ASBPzRjl7x+e7tjJokWre0Y2n9M61g/CSPbQblY2jaJ5LTfBSKgFCIvy+U0w8xLNeD6FcYoDG" +
  "QqFfdWyoHIpP/nhyp7DpYgiqF4Tpf7HF1hCjdiI/VtUulIpUKI/yE93/nPX1luBDvqdIule1uYbiPNJ9D/E/nSZKeKph" +
  "EzVdPG6BkRNsM1gjMkjh3UxYrQ2jJlhJNfwWt5FenQKqRxUwgOxQk8DCXhJKSUWVUs1rKnEg91PwDESKH+8g1nXGcBnZ" +
  "noZmTysgg+D+/nZ9lH2mQUGVCjarOGaaWu+BQYs09IhU1NcCxnSKzJHuUzFkLY0XArepRM8NK5FIlYWJrK1ZCccokO6n" +
  "PFXUq8fcfjJQhmPcMsSGKuzXgOBoPXJ6un1BrbmTVKBoMKxxBJofLEfRBUIjT5IsC4PQw4njzYS/MIW3DUGfPfGD8YLt" +
  "9nzAAE9Do/eXKv+oZdQR5o0Yk7LelJH1VWjH3dEs+5YyqJT0edRqYkY+iRDPzWM6K36tEJGX5o3pdUNAutV03mxkjChm" +
  "2P5pYudunC3m0AmJ0hPn7ShbP2+1cTb4TQFxoRrIL8jew1tObQ2wCjjpp1KXRMwxSJC/t0XO62XjMsin4qQk7twY0cZC" +
  "f7wLyL0wCfv44ztnIw7ubpOW8tAUJjCAt7HCOli05gScPfGE144R1yfcg2CteJyktXewOi+bzWPVDcvI2jUif/a7mkk8" +
  "eKWxAfIeesSYpInj3so0hwLnpw73K8Py1E6o3Mr+329w37r07btn+FFG54wlh7ycBMYUrb6h0+5bl6NZCjX7bcK0z6ke" +
  "qEjX1B+517NLvGoVjR07O4YPGuGGvTQpbjyyifV8CGfMqOqeJiOq+ZYJa3Q74nrS0/i9ygJy7975LzOrTvQwMq18t3mw" +
  "daV2AmeRLaoubHcZehvETWnJ7j1LYtlJGoF3ayq9eGwsJLVIgk0YknlKpYbucskFc7wpwfQvkkt7lLnCfnz+Z/FCSzr2" +
  "jNmG545m5Rr+ISSPgGsmfAIflVE+Bwu1a7YHl9HbyUi14PVH6lCdLvZf/+iInSkdwpZDgpH9OnYBmRIhZBT/661oKRRQ" +
  "hK/IjWFK1QGzpADS2U+e28Lg1K3sp7pGrwQ71HpJd+muu/HzUxHY1q2NOQ+WjeSlCSlO30FCuoB0HYUH6VpDHgr7H1Kq" +
  "vp+vmPTJ1UevPbYS3c/+dLyn2DOn/ZxVOPeTW0Ux0ioYBu6NCJr4MUFAD6hirnCtRzHOzR/GaimhwCj0DHWX4kESsa4S" +
  "hsxmrSzuIreulmN1NZ4rHO6/nyl097Ffpb4tt/jULndQHsU38cxkef7OVDG7QUNRbmi5RZda/OflZLFTFO1Huak49wEn" +
  "YN7hOnCPwvhtGI4urkdEWuPK68agYUvyT0R1LOJxBxSaicNo0m3OTZG4v/9V5lCWYp1ORoV9MkgJdmRiXXYiqqnvj/xG" +
  "kVRF2j7rn5z9cNXjgo/NIo71+eVAXb9nFAiH9yFS1Bftr5oy0DW4QMCHSq4SxjGDbN8Tag5RojskSfMowLQ8kL6ZMT2f" +
  "3eF5L1XUR3Oss646ldLaV0xZj0xS5R/3+uz2jCQZW+w/nPsVdP5sVZMAp2YamzWheRqU/23/+n0FBYotwY+q/9FV+Atb" +
  "ARv3aTFtrMsBNnsdC/p5vYwSllAXicE8/QIvKGkadV7AiiK4y/sSYsNSgpo768VFif0Q9R0str3299/yHIqBqsstK6e/" +
  "Sev1zL1ebaYMueGZjUenfqnDyDzbfPui7CxMXbXz+GtJ1fcxZcQvNYD2Sg/PI7cOMe48urqCKxdhPyleDOgLl+y9NTb1" +
  "dJa75esV6A0XEwvxh1aKXXeGhoVMBmFbA9l4G9jZStQ6c/lV0LPNziJBIRItre9J7CnmcLOBpwTJ+LC/qWkGJe+0m2et" +
  "cRXR0GdmusY3XL6BUhe2oRUaqUycS7sAxzHGdmM4LVJ4wRY4RV4JiUFrueBYBAJoAnYCbgEQABMEBGsyAQAAAAAAIjD4" +
  "aA==";

const LZ4_LINKED_BASE64 =
  "BCJNGFxAmiEBAAAAAACiOAEAAP8exO4IAAAABGswsO4IQmxpbmsgZm9yIERlbm8sIHJlY29yZCBiYXRjaCB2Mi4gIQD/" +
  "////////////////////////////////////////////////////////////////////////////////////////////" +
  "////////////////////////////////////////////////////////////////////////////////////////////" +
  "////////////////////////////////////////////////////////////////////////////////////////////" +
  "////////////////////////////////////////////////////////////////u1AsIHJlY2TGP3EcBgAAD+H/////" +
  "////////////////////////////////rPD//////+wA1BcACgIBuBfMJipYf419fB+qK+Nz5YIBN1zKnYBIE/NGOXvH" +
  "57u2MmiRat7Rjaf0zrWD8JI9tBuVjaNonktN8FIqAUIi/L5TTDzEs14PoVxigMZCoV91bKgcik/+eHKnsOliCKoXhOl/" +
  "scXWEKN2Ij9W1S6UilQoj/IT3f+c9fWW4EO+p0i6V7W5huI80n0P8T+dJkp4qmETNV08boGRE2wzWCMySOHdTFitDaMm" +
  "WEk1/Ba3kV6dAqpHFTCA7FCTwMJeEkpJRZVSzWsqcSD3U/AMRIof7yDWdcZwGdmehmZPKyCD4P7+dn2UfaZBQZUKNqs4" +
  "Zppa74FBizT0iFTU1wLGdIrMke5TMWQtjRcCt6lEzw0rkUiVhYmsrVkJxyiQ7qc8VdSrx9x+MlCGY9wyxIYq7NeA4Gg9" +
  "cnq6fUGtuZNUoGgwrHEEmh8sR9EFQiNPkiwLg9DDiePNhL8whbcNQZ898YPxgu32fMAAT0Oj95cq/6hl1BHmjRiTst6U" +
  "kfVVaMfd0Sz7ljKolPR51GpiRj6JEM/NYzorfq0QkZfmjel1Q0C61XTebGSMKGbY/mli526cLebQCYnSE+ftKFs/b7Vx" +
  "NvhNAXGhGsgvyN7DW05tDbAKOOmnUpdEzDFIkL+3Rc7rZeMyyKfipCTu3BjRxkJ/vAvIvTAJ+/jjO2cjDu5uk5by0BQm" +
  "MIC3scI6WLTmBJw98YTXjhHXJ9yDYK14nKS1d7A6L5vNY9UNy8jaNSJ/9ruaSTx4pbEB8h56xJikiePeyjSHAuenDvcr" +
  "w/LUTqjcyv7fb3DfuvTtu2f4UUbnjCWHvJwExhStvqHT7luXo1kKNfttwrTPqR6oSNfUH7nXs0u8ahWNHTs7hg8a4Ya9" +
  "NCluPLKJ9XwIZ8yo6p4mI6r5lglrdDvietLT+L3KAnLv3vkvM6tO9DAyrXy3ebB1pXYCZ5Etqi5sdxl6G8RNacnuPUti" +
  "2UkagXdrKr14bCwktUiCTRiSeUqlhu5yyQVzvCnB9C+SS3uUucJ+fP5n8UJLOvaM2YbnjmblGv4hJI+AayZ8Ah+VUT4H" +
  "C7VrtgeX0dvJSLXg9UfqUJ0u9l//6IidKR3ClkOCkf06dgGZEiFkFP/rrWgpFFCEr8iNYUrVAbOkANLZT57bwuDUreyn" +
  "ukavBDvUekl36a678fNTEdjWrY05D5aN5KUJKU7fQUK6gHQdhQfpWkMeCvsfUqq+n6+Y9MnVR689thLdz/50vKfYM6f9" +
  "nFU495NbRTHSKhgG7o0ImvgxQUAPqGKucK1HMc7NH8ZqKaHAKPQMdZfiQRKxrhKGzGatLO4it66WY3U1nisc7r+fKXT3" +
  "sV+lvi23+NQud1AexTfxzGR5/s5UMbtBQ1FuaLlFl1r85+VksVMU7Ue5qTj3ASdg3uE6cI/C+G0Yji6uR0Ra48rrxqBh" +
  "S/JPRHUs4nEHFJqJw2jSbc5Nkbi//1XmUJZinU5GhX0ySAl2ZGJddiKqqe+P/EaRVEXaPuufnP1w1eOCj80ijvX55UBd" +
  "v2cUCIf3IVLUF+2vmjLQNbhAwIdKrhLGMYNs3xNqDlGiOyRJ8yjAtDyQvpkxPZ/d4XkvVdRHc6yzrjqV0tpXTFmPTFLl" +
  "H/f67PaMJBlb7D+c+xV0/mxVkwCnZhqbNaF5GpT/bf/6fQUFii3Bj6r/0VX4C1sBG/dpMW2sywE2ex0L+nm9jBKWUBeJ" +
  "wTz9Ai8oaRp1XsCKIrjL+xJiw1KCmjvrxUWJ/RD1HSy2vfb33/IcioGqyy0rp79J6/XMvV5tpgy54ZmNR6d+qcPIPNt8" +
  "+6LsLExdtfP4a0nV9zFlxC81gPZKD88jtw4x7jy6uoIrF2E/KV4M6AuX7L01NvV0lrvl6xXoDRcTC/GHVopdd4aGhUwG" +
  "YVsD2Xgb2NlK1Dpz+VXQs83OIkEhEi2t70nsKeZws4GnBMn4sL+paQYl77SbZ61xFdHQZ2a6xjdcvoFSF7ahFRqpTJxL" +
  "uwDHMcZ2YzgtUnjBFjhFXgmJQWu54FgEAmgCdgJuARAAEwQEazIBAHWx1NoAAAAAIjD4aA==";

const ZSTD_BASE64 =
  "KLUv/aCaIQEAbTEANGLE7ggAAAAEazCw7ghCbGluayBmb3IgRGVubywgcmVjb3JkIGJhdGNoIHYyLiAA1BcACgIBuBfM" +
  "JipYf419fB+qK+Nz5YIBN1zKnYBIE/NGOXvH57u2MmiRat7Rjaf0zrWD8JI9tBuVjaNonktN8FIqAUIi/L5TTDzEs14P" +
  "oVxigMZCoV91bKgcik/+eHKnsOliCKoXhOl/scXWEKN2Ij9W1S6UilQoj/IT3f+c9fWW4EO+p0i6V7W5huI80n0P8T+d" +
  "Jkp4qmETNV08boGRE2wzWCMySOHdTFitDaMmWEk1/Ba3kV6dAqpHFTCA7FCTwMJeEkpJRZVSzWsqcSD3U/AMRIof7yDW" +
  "dcZwGdmehmZPKyCD4P7+dn2UfaZBQZUKNqs4Zppa74FBizT0iFTU1wLGdIrMke5TMWQtjRcCt6lEzw0rkUiVhYmsrVkJ" +
  "xyiQ7qc8VdSrx9x+MlCGY9wyxIYq7NeA4Gg9cnq6fUGtuZNUoGgwrHEEmh8sR9EFQiNPkiwLg9DDiePNhL8whbcNQZ89" +
  "8YPxgu32fMAAT0Oj95cq/6hl1BHmjRiTst6UkfVVaMfd0Sz7ljKolPR51GpiRj6JEM/NYzorfq0QkZfmjel1Q0C61XTe" +
  "bGSMKGbY/mli526cLebQCYnSE+ftKFs/b7VxNvhNAXGhGsgvyN7DW05tDbAKOOmnUpdEzDFIkL+3Rc7rZeMyyKfipCTu" +
  "3BjRxkJ/vAvIvTAJ+/jjO2cjDu5uk5by0BQmMIC3scI6WLTmBJw98YTXjhHXJ9yDYK14nKS1d7A6L5vNY9UNy8jaNSJ/" +
  "9ruaSTx4pbEB8h56xJikiePeyjSHAuenDvcrw/LUTqjcyv7fb3DfuvTtu2f4UUbnjCWHvJwExhStvqHT7luXo1kKNftt" +
  "wrTPqR6oSNfUH7nXs0u8ahWNHTs7hg8a4Ya9NCluPLKJ9XwIZ8yo6p4mI6r5lglrdDvietLT+L3KAnLv3vkvM6tO9DAy" +
  "rXy3ebB1pXYCZ5Etqi5sdxl6G8RNacnuPUti2UkagXdrKr14bCwktUiCTRiSeUqlhu5yyQVzvCnB9C+SS3uUucJ+fP5n" +
  "8UJLOvaM2YbnjmblGv4hJI+AayZ8Ah+VUT4HC7VrtgeX0dvJSLXg9UfqUJ0u9l//6IidKR3ClkOCkf06dgGZEiFkFP/r" +
  "rWgpFFCEr8iNYUrVAbOkANLZT57bwuDUreynukavBDvUekl36a678fNTEdjWrY05D5aN5KUJKU7fQUK6gHQdhQfpWkMe" +
  "CvsfUqq+n6+Y9MnVR689thLdz/50vKfYM6f9nFU495NbRTHSKhgG7o0ImvgxQUAPqGKucK1HMc7NH8ZqKaHAKPQMdZfi" +
  "QRKxrhKGzGatLO4it66WY3U1nisc7r+fKXT3sV+lvi23+NQud1AexTfxzGR5/s5UMbtBQ1FuaLlFl1r85+VksVMU7Ue5" +
  "qTj3ASdg3uE6cI/C+G0Yji6uR0Ra48rrxqBhS/JPRHUs4nEHFJqJw2jSbc5Nkbi//1XmUJZinU5GhX0ySAl2ZGJddiKq" +
  "qe+P/EaRVEXaPuufnP1w1eOCj80ijvX55UBdv2cUCIf3IVLUF+2vmjLQNbhAwIdKrhLGMYNs3xNqDlGiOyRJ8yjAtDyQ" +
  "vpkxPZ/d4XkvVdRHc6yzrjqV0tpXTFmPTFLlH/f67PaMJBlb7D+c+xV0/mxVkwCnZhqbNaF5GpT/bf/6fQUFii3Bj6r/" +
  "0VX4C1sBG/dpMW2sywE2ex0L+nm9jBKWUBeJwTz9Ai8oaRp1XsCKIrjL+xJiw1KCmjvrxUWJ/RD1HSy2vfb33/IcioGq" +
  "yy0rp79J6/XMvV5tpgy54ZmNR6d+qcPIPNt8+6LsLExdtfP4a0nV9zFlxC81gPZKD88jtw4x7jy6uoIrF2E/KV4M6AuX" +
  "7L01NvV0lrvl6xXoDRcTC/GHVopdd4aGhUwGYVsD2Xgb2NlK1Dpz+VXQs83OIkEhEi2t70nsKeZws4GnBMn4sL+paQYl" +
  "77SbZ61xFdHQZ2a6xjdcvoFSF7ahFRqpTJxLuwDHMcZ2YzgtUnjBFjhFXgmJQWu54FgEAmgCdgJuARAAEwQEazIBAAEA" +
  "pdsguSoD";

function assertProtocolError(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e) => e instanceof ProtocolError && message.test(e.message));
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

const plainBatch = buildBatch(FIXTURE_RECORDS);
const section = plainBatch.subarray(BATCH_HEADER_SIZE);

/** plainBatch with its records section replaced by `payload` compressed with `codec`. */
function compressedBatch(codec: number, payload: Uint8Array): Uint8Array {
  const batch = new Uint8Array(BATCH_HEADER_SIZE + payload.length);
  batch.set(plainBatch.subarray(0, BATCH_HEADER_SIZE));
  batch.set(payload, BATCH_HEADER_SIZE);
  const view = new DataView(batch.buffer);
  view.setInt32(BatchField.batchLength, batch.length - 12);
  view.setInt16(BatchField.attributes, codec);
  view.setUint32(BatchField.crc, crc32c(batch, BatchField.attributes));
  return batch;
}

const fixtures = [
  { name: "snappy raw", codec: Codec.snappy, base64: SNAPPY_RAW_BASE64 },
  { name: "snappy xerial", codec: Codec.snappy, base64: SNAPPY_XERIAL_BASE64 },
  { name: "lz4 independent blocks", codec: Codec.lz4, base64: LZ4_INDEPENDENT_BASE64 },
  { name: "lz4 linked blocks", codec: Codec.lz4, base64: LZ4_LINKED_BASE64 },
  { name: "zstd", codec: Codec.zstd, base64: ZSTD_BASE64 },
];

for (const { name, codec, base64 } of fixtures) {
  Deno.test(`${name}: a reference tool's output decompresses to the records section`, () => {
    assert.deepEqual(decompress(codec, fromBase64(base64)), section);
  });

  Deno.test(`${name}: decodeBatch decodes a batch carrying it`, () => {
    assert.deepEqual(
      decodeBatch(compressedBatch(codec, fromBase64(base64))),
      decodeBatch(plainBatch),
    );
  });
}

Deno.test("zstd and gzip from node:zlib round-trip through decodeBatch", () => {
  for (
    const [codec, payload] of [[Codec.zstd, zstdCompressSync(section)], [
      Codec.gzip,
      gzipSync(section),
    ]] as const
  ) {
    assert.deepEqual(decodeBatch(compressedBatch(codec, payload)), decodeBatch(plainBatch));
  }
});

Deno.test("an unknown codec id is a ProtocolError", () => {
  assert.throws(() => decompress(5, new Uint8Array(4)), /unknown compression codec 5/);
});

Deno.test("corrupt gzip and zstd payloads are ProtocolErrors", () => {
  assert.throws(() => decompress(Codec.gzip, new Uint8Array([1, 2, 3])), ProtocolError);
  assert.throws(() => decompress(Codec.zstd, new Uint8Array([1, 2, 3])), ProtocolError);
});

Deno.test("gzip output is bounded by MAX_DECOMPRESSED_SIZE_BYTES", () => {
  const bomb = gzipSync(new Uint8Array(MAX_DECOMPRESSED_SIZE_BYTES + 1), { level: 1 });
  assert.throws(() => decompress(Codec.gzip, bomb), ProtocolError);
});

// Snappy elements built by hand from google/snappy format_description.txt.

Deno.test("snappy: long literals (tag 62) and a copy with a 4-byte offset", () => {
  const literal = noise(70_000, 3);
  const lengthMinus1 = literal.length - 1;
  const block = new Uint8Array([
    ...[0x84, 0xa3, 0x04], // uvarint 70_020 = 70_000 literal + 20 copied
    62 << 2, // literal, 3-byte length follows
    lengthMinus1 & 0xff,
    (lengthMinus1 >> 8) & 0xff,
    lengthMinus1 >> 16,
    ...literal,
    ((20 - 1) << 2) | 3, // copy, length 20, 4-byte offset
    ...[0x70, 0x11, 0x01, 0x00], // offset 70_000
  ]);
  const out = snappyDecompress(block, 1 << 20);
  assert.equal(out.length, 70_020);
  assert.deepEqual(out.subarray(0, 70_000), literal);
  assert.deepEqual(out.subarray(70_000), literal.subarray(0, 20));
});

Deno.test("snappy: a literal with a 1-byte length (tag 60)", () => {
  const text = "x".repeat(59) + "yz";
  const block = new Uint8Array([text.length, 60 << 2, text.length - 1, ...enc.encode(text)]);
  assert.equal(new TextDecoder().decode(snappyDecompress(block, 100)), text);
});

Deno.test("snappy: overlapping copies repeat a pattern (1- and 2-byte offsets)", () => {
  const block = new Uint8Array([
    20, // 20 bytes out
    (2 - 1) << 2, // literal "ab"
    0x61,
    0x62,
    ((10 - 4) << 2) | 1, // copy, length 10, 1-byte offset 2
    2,
    ((8 - 1) << 2) | 2, // copy, length 8, 2-byte offset 1
    1,
    0,
  ]);
  assert.equal(new TextDecoder().decode(snappyDecompress(block, 100)), "ababababababbbbbbbbb");
});

Deno.test("snappy: malformed blocks are ProtocolErrors saying what is wrong", () => {
  const cases: [number[], RegExp][] = [
    [[4, 0x01, 1], /copy of 4 bytes from offset 1 at 0/],
    [[6, 0x00, 0x61, 0x01, 0x00], /from offset 0 at 1/],
    [[6, 0x00, 0x61, 0x01, 0x02], /from offset 2 at 1/],
    [[3, 0x04, 0x61, 0x62], /decoded 2 bytes, preamble said 3/],
    [[3, 0x08, 0x61], /literal overruns/],
    [[1, 0x04, 0x61, 0x62], /literal overruns/],
    [[0x80, 0x80, 0x80, 0x80, 0x80, 0x01], /bad length preamble/],
    [[6, 0x00, 0x61, 0x02, 0x01], /truncated copy/],
    [[6, 61 << 2, 0x01], /truncated literal length/],
  ];
  for (const [bytes, message] of cases) {
    assertProtocolError(() => snappyDecompress(new Uint8Array(bytes), 100), message);
  }
});

Deno.test("snappy: a preamble over the size limit is refused before allocating", () => {
  assert.throws(
    () => snappyDecompress(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x0f]), 1 << 20),
    /limit/,
  );
});

Deno.test("snappy: a xerial chunk overrunning the input is a ProtocolError", () => {
  const xerial = fromBase64(SNAPPY_XERIAL_BASE64);
  assert.throws(
    () => snappyDecompress(xerial.subarray(0, xerial.length - 1), 1 << 20),
    ProtocolError,
  );
});

// LZ4 frames built by hand from lz4 doc/lz4_Frame_format.md (header checksums are not checked).

const LZ4_MAGIC = [0x04, 0x22, 0x4d, 0x18];
const FLG_INDEPENDENT = 0x60;
const BD_64KB = 0x40;
const HC = 0x00;

function blockSize(sizeBytes: number, uncompressed = false): number[] {
  const word = (uncompressed ? 0x80000000 : 0) + sizeBytes;
  return [word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, word >>> 24];
}

Deno.test("lz4: stored blocks, skippable frames and concatenated frames", () => {
  const frame = (text: string) => [
    ...LZ4_MAGIC,
    FLG_INDEPENDENT,
    BD_64KB,
    HC,
    ...blockSize(text.length, true),
    ...enc.encode(text),
    ...blockSize(0),
  ];
  const skippable = [0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 9, 9, 9];
  const input = new Uint8Array([...skippable, ...frame("hello "), ...frame("world")]);
  assert.equal(new TextDecoder().decode(lz4FrameDecompress(input, 100)), "hello world");
});

Deno.test("lz4: an overlapping match repeats a pattern", () => {
  const block = [
    (3 << 4) | (9 - 4), // 3 literals, match length 9
    ...enc.encode("xyz"),
    3,
    0, // offset 3
    1 << 4, // last sequence: 1 literal
    ...enc.encode("!"),
  ];
  const input = new Uint8Array([
    ...LZ4_MAGIC,
    FLG_INDEPENDENT,
    BD_64KB,
    HC,
    ...blockSize(block.length),
    ...block,
    ...blockSize(0),
  ]);
  assert.equal(new TextDecoder().decode(lz4FrameDecompress(input, 100)), "xyzxyzxyzxyz!");
});

Deno.test("lz4: malformed frames are ProtocolErrors saying what is wrong", () => {
  const header = [...LZ4_MAGIC, FLG_INDEPENDENT, BD_64KB, HC];
  const oneBlock = (block: number[]) => [...header, ...blockSize(block.length), ...block];
  const cases: [number[], RegExp][] = [
    [[1, 2, 3, 4, FLG_INDEPENDENT, BD_64KB, HC, ...blockSize(0)], /bad frame magic/],
    [[...LZ4_MAGIC, 0x20, BD_64KB, HC, ...blockSize(0)], /unsupported frame version/],
    [[...LZ4_MAGIC, 0x61, BD_64KB, 1, 2, 3, 4, HC, ...blockSize(0)], /dictionary id/],
    [[...header, ...blockSize(1, true), 0x61], /truncated block size/],
    [[...header, ...blockSize(5, true), 0x61], /truncated block$/],
    [oneBlock([0x00, 1, 0]), /match offset 1 at output 0/],
    [oneBlock([0x10, 0x61, 0, 0]), /match offset 0 at output 1/],
    [oneBlock([0xf0]), /truncated literal length/],
    [oneBlock([0x30, 0x61]), /literals overrun/],
    [oneBlock([0x1f, 0x61, 1, 0]), /truncated match length/],
    [[...LZ4_MAGIC, 0x64, BD_64KB, HC, ...blockSize(0), 1, 2], /truncated content checksum/],
    [[0x50, 0x2a, 0x4d, 0x18, 9, 0, 0, 0, 1], /truncated skippable frame$/],
  ];
  for (const [bytes, message] of cases) {
    assertProtocolError(() => lz4FrameDecompress(new Uint8Array(bytes), 100), message);
  }
});

Deno.test("lz4: output over the size limit is refused", () => {
  const input = fromBase64(LZ4_INDEPENDENT_BASE64);
  assert.throws(() => lz4FrameDecompress(input, section.length - 1), /limit/);
  assert.equal(lz4FrameDecompress(input, section.length).length, section.length);
  const linked = fromBase64(LZ4_LINKED_BASE64); // declares its content size up front
  assert.throws(() => lz4FrameDecompress(linked, section.length - 1), /limit/);
});
