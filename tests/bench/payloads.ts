/**
 * Message values for the workloads. Throughput runs cycle through a pool of distinct values
 * (like the yardstick's kbench); latency runs stamp each value with a sequence number and the
 * send time so the consumer can compute its latency.
 */
import { Buffer } from "node:buffer";
import assert from "node:assert/strict";

const POOL_SIZE = 64;
/** Stamp layout: float64 sequence (negative = warm-up) then float64 performance.now() ms. */
const SEQUENCE_AT = 0;
const SENT_AT_MS_AT = 8;
export const STAMP_BYTES = 16;

/** `POOL_SIZE` values of `valueBytes` each, filled with a different byte pattern. */
export function valuePool(valueBytes: number): Buffer[] {
  assert.ok(valueBytes > 0);
  return Array.from({ length: POOL_SIZE }, (_, i) => {
    const value = Buffer.alloc(valueBytes);
    for (let j = 0; j < valueBytes; j++) value[j] = (i * 31 + j * 7) & 0xff;
    return value;
  });
}

export function stampedValue(valueBytes: number, sequence: number, sentAtMs: number): Buffer {
  assert.ok(valueBytes >= STAMP_BYTES, `a stamped value needs ${STAMP_BYTES} bytes`);
  const value = Buffer.alloc(valueBytes);
  value.writeDoubleLE(sequence, SEQUENCE_AT);
  value.writeDoubleLE(sentAtMs, SENT_AT_MS_AT);
  return value;
}

export interface Stamp {
  sequence: number;
  sentAtMs: number;
}

export function readStamp(value: Buffer): Stamp {
  assert.ok(value.length >= STAMP_BYTES, `value of ${value.length} bytes carries no stamp`);
  return { sequence: value.readDoubleLE(SEQUENCE_AT), sentAtMs: value.readDoubleLE(SENT_AT_MS_AT) };
}
