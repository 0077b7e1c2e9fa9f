/**
 * OffsetForLeaderEpoch: the single leader epoch (0) of every partition ends at the high
 * watermark. A client asking about a later epoch gets -1/-1 (undefined), as Kafka answers; a
 * current_leader_epoch above ours is UNKNOWN_LEADER_EPOCH.
 */
import type { ApiHandler } from "../api.ts";
import {
  type EpochEndOffset,
  OffsetForLeaderEpochRequest,
  type OffsetForLeaderEpochRequestData,
  OffsetForLeaderEpochResponse,
  type OffsetForLeaderEpochResponseData,
} from "../messages/offset_for_leader_epoch.ts";
import { ErrorCode } from "../protocol/errors.ts";

const LEADER_EPOCH = 0;

export const offsetForLeaderEpochHandler: ApiHandler<
  OffsetForLeaderEpochRequestData,
  OffsetForLeaderEpochResponseData
> = {
  key: 23,
  name: "OffsetForLeaderEpoch",
  request: OffsetForLeaderEpochRequest,
  response: OffsetForLeaderEpochResponse,
  handle(req, ctx) {
    const topics = req.topics.map((t) => ({
      topic: t.topic,
      partitions: t.partitions.map((p): EpochEndOffset => {
        const log = ctx.broker.store.partition(t.topic, p.partition);
        const answer = (errorCode: number, leaderEpoch: number, endOffset: number) => ({
          errorCode,
          partition: p.partition,
          leaderEpoch,
          endOffset,
        });
        if (!log) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1, -1);
        if (p.currentLeaderEpoch > LEADER_EPOCH) {
          return answer(ErrorCode.UNKNOWN_LEADER_EPOCH, -1, -1);
        }
        if (p.leaderEpoch > LEADER_EPOCH) return answer(ErrorCode.NONE, -1, -1);
        return answer(ErrorCode.NONE, LEADER_EPOCH, log.nextOffset);
      }),
    }));
    return { throttleTimeMs: 0, topics };
  },
};
