/**
 * DeleteRecords: move a partition's log start offset up to the given offset (-1: the high
 * watermark). Whole batches below it are freed; later fetches below it get OFFSET_OUT_OF_RANGE.
 */
import type { ApiHandler } from "../api.ts";
import {
  DeleteRecordsRequest,
  type DeleteRecordsRequestData,
  DeleteRecordsResponse,
  type DeleteRecordsResponseData,
} from "../messages/delete_records.ts";
import { ErrorCode } from "../protocol/errors.ts";

export const deleteRecordsHandler: ApiHandler<DeleteRecordsRequestData, DeleteRecordsResponseData> =
  {
    key: 21,
    name: "DeleteRecords",
    request: DeleteRecordsRequest,
    response: DeleteRecordsResponse,
    handle(req, ctx) {
      const topics = req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          const log = ctx.broker.store.partition(t.name, p.partitionIndex);
          if (!log) {
            return {
              partitionIndex: p.partitionIndex,
              lowWatermark: -1,
              errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            };
          }
          const target = p.offset === -1 ? log.nextOffset : p.offset;
          if (target < 0 || target > log.nextOffset) {
            return {
              partitionIndex: p.partitionIndex,
              lowWatermark: log.logStartOffset,
              errorCode: ErrorCode.OFFSET_OUT_OF_RANGE,
            };
          }
          const lowWatermark = target > log.logStartOffset
            ? log.deleteBefore(target)
            : log.logStartOffset;
          return { partitionIndex: p.partitionIndex, lowWatermark, errorCode: ErrorCode.NONE };
        }),
      }));
      return { throttleTimeMs: 0, topics };
    },
  };
