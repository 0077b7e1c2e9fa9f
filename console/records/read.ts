/**
 * Reading records out of a partition for the REST fetch and the message browser: whole stored
 * batches are decoded one at a time (decompressed when needed) until enough records are found.
 */
import assert from "node:assert/strict";
import { readBatchHeader } from "../../broker/records/batch_header.ts";
import { decodeBatch, type Record } from "../../broker/records/record_codec.ts";
import type { PartitionLog } from "../../storage/partition_log.ts";

export interface RecordRange {
  records: Record[];
  /** Where the next read continues: after the last record returned, or where the scan ended. */
  nextOffset: number;
}

/** Up to `maxRecords` records from `fromOffset` (within [logStartOffset, nextOffset]) on. */
export function readRecords(
  log: PartitionLog,
  fromOffset: number,
  maxRecords: number,
): RecordRange {
  assert(
    fromOffset >= log.logStartOffset && fromOffset <= log.nextOffset,
    `read from ${fromOffset} outside [${log.logStartOffset}, ${log.nextOffset}]`,
  );
  assert(Number.isInteger(maxRecords) && maxRecords >= 0, `maxRecords ${maxRecords}`);
  const records: Record[] = [];
  let offset = fromOffset;
  while (records.length < maxRecords && offset < log.nextOffset) {
    const batch = log.read(offset, 0)[0];
    for (const r of decodeBatch(batch)) {
      if (r.offset < offset) continue;
      records.push(r);
      if (records.length === maxRecords) return { records, nextOffset: r.offset + 1 };
    }
    const header = readBatchHeader(batch);
    offset = header.baseOffset + header.lastOffsetDelta + 1;
  }
  return { records, nextOffset: offset };
}
