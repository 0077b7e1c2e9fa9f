/**
 * ListOffsets: the offset for a time, per partition.
 *
 *   -2 EARLIEST (and -4 EARLIEST_LOCAL): the log start offset
 *   -1 LATEST   (and -5 LATEST_TIERED):  the next offset (high watermark)
 *   -3 MAX_TIMESTAMP: the record with the largest timestamp (the first one on ties)
 *   t >= 0: the first record whose timestamp >= t, found as Kafka does: the first batch whose
 *           max timestamp >= t, then the first such record in it (never below the log start);
 *           none: offset -1.
 * The index finds the batch; only that batch is decoded (decompressed if needed).
 * v0 answers in `old_style_offsets` (at most one offset here).
 */
import type { ApiHandler } from "../api.ts";
import {
  type ListOffsetsPartitionResponse,
  ListOffsetsRequest,
  type ListOffsetsRequestData,
  ListOffsetsResponse,
  type ListOffsetsResponseData,
} from "../messages/list_offsets.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { readBatchHeader } from "../records/batch_header.ts";
import { decodeBatch } from "../records/record_codec.ts";
import type { PartitionLog } from "../../storage/partition_log.ts";

export const LATEST = -1;
export const EARLIEST = -2;
export const MAX_TIMESTAMP = -3;
export const EARLIEST_LOCAL = -4;
export const LATEST_TIERED = -5;

/** The first record at or after `fromOffset` that `wanted` accepts, scanning whole batches. */
function findRecord(
  log: PartitionLog,
  fromOffset: number,
  wanted: (timestampMs: number) => boolean,
): { offset: number; timestampMs: number } {
  let offset = fromOffset;
  while (offset < log.nextOffset) {
    const batch = log.read(offset, 0)[0];
    for (const r of decodeBatch(batch)) {
      if (r.offset >= log.logStartOffset && wanted(r.timestampMs)) {
        return { offset: r.offset, timestampMs: r.timestampMs };
      }
    }
    const h = readBatchHeader(batch);
    offset = h.baseOffset + h.lastOffsetDelta + 1;
  }
  return { offset: -1, timestampMs: -1 };
}

/** The offset and timestamp for one asked time; offset -1 when there is none. */
export function offsetForTime(
  log: PartitionLog,
  time: number,
): { offset: number; timestampMs: number } {
  switch (time) {
    case EARLIEST:
    case EARLIEST_LOCAL:
      return { offset: log.logStartOffset, timestampMs: -1 };
    case LATEST:
    case LATEST_TIERED:
      return { offset: log.nextOffset, timestampMs: -1 };
    case MAX_TIMESTAMP: {
      const max = log.maxTimestamp();
      if (!max) return { offset: -1, timestampMs: -1 };
      return findRecord(log, max.offset, (ts) => ts === max.timestampMs);
    }
  }
  const batchOffset = log.offsetForTimestamp(time);
  if (batchOffset < 0) return { offset: -1, timestampMs: -1 };
  return findRecord(log, batchOffset, (ts) => ts >= time);
}

export const listOffsetsHandler: ApiHandler<ListOffsetsRequestData, ListOffsetsResponseData> = {
  key: 2,
  name: "ListOffsets",
  request: ListOffsetsRequest,
  response: ListOffsetsResponse,
  handle(req, ctx) {
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p): ListOffsetsPartitionResponse => {
        const log = ctx.broker.store.partition(t.name, p.partitionIndex);
        if (!log) {
          return {
            partitionIndex: p.partitionIndex,
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            oldStyleOffsets: [],
            timestamp: -1,
            offset: -1,
            leaderEpoch: -1,
          };
        }
        const found = offsetForTime(log, p.timestamp);
        return {
          partitionIndex: p.partitionIndex,
          errorCode: ErrorCode.NONE,
          oldStyleOffsets: found.offset >= 0 && p.maxNumOffsets > 0 ? [found.offset] : [],
          timestamp: found.timestampMs,
          offset: found.offset,
          leaderEpoch: 0,
        };
      }),
    }));
    return { throttleTimeMs: 0, topics };
  },
};
