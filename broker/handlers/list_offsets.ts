/**
 * ListOffsets: the offset for a time, per partition.
 *
 *   -2 EARLIEST (and -4 EARLIEST_LOCAL): the log start offset
 *   -1 LATEST   (and -5 LATEST_TIERED):  the next offset (high watermark)
 *   -3 MAX_TIMESTAMP: the batch holding the largest timestamp
 *   t >= 0: the first batch whose max timestamp >= t (its base offset, never below the log
 *           start); no such batch: offset -1, as Kafka answers.
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
import type { PartitionLog } from "../../storage/partition_log.ts";

export const LATEST = -1;
export const EARLIEST = -2;
export const MAX_TIMESTAMP = -3;
export const EARLIEST_LOCAL = -4;
export const LATEST_TIERED = -5;

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
      return max
        ? { offset: max.offset, timestampMs: max.timestampMs }
        : { offset: -1, timestampMs: -1 };
    }
  }
  const offset = log.offsetForTimestamp(time);
  if (offset < 0) return { offset: -1, timestampMs: -1 };
  const batch = log.read(offset, 0)[0];
  return { offset, timestampMs: readBatchHeader(batch).maxTimestamp };
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
