/**
 * OffsetCommit: any offset may be committed, backwards included, with its metadata string.
 * Group membership is checked first (see GroupCoordinator.checkCommit); then each partition:
 * unknown topic or partition -> UNKNOWN_TOPIC_OR_PARTITION, metadata over 4096 characters ->
 * OFFSET_METADATA_TOO_LARGE.
 */
import type { ApiHandler } from "../api.ts";
import {
  OffsetCommitRequest,
  type OffsetCommitRequestData,
  OffsetCommitResponse,
  type OffsetCommitResponseData,
} from "../messages/offset_commit.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { groupsEnabled } from "./groups_gate.ts";

export const offsetCommitHandler: ApiHandler<OffsetCommitRequestData, OffsetCommitResponseData> = {
  key: 8,
  name: "OffsetCommit",
  request: OffsetCommitRequest,
  response: OffsetCommitResponse,
  advertised: groupsEnabled,
  handle(req, ctx) {
    const broker = ctx.broker;
    const groupError = groupsEnabled(broker)
      ? broker.groups.checkCommit(
        req.groupId,
        req.generationIdOrMemberEpoch,
        req.memberId,
        req.groupInstanceId,
      )
      : ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        let errorCode: number = groupError;
        if (errorCode === ErrorCode.NONE) {
          errorCode = broker.store.partition(t.name, p.partitionIndex)
            ? broker.groups.commit(req.groupId, {
              topic: t.name,
              partition: p.partitionIndex,
              offset: p.committedOffset,
              leaderEpoch: p.committedLeaderEpoch,
              metadata: p.committedMetadata,
            })
            : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        }
        return { partitionIndex: p.partitionIndex, errorCode };
      }),
    }));
    broker.onOffsetsCommitted(req.groupId);
    const response = { throttleTimeMs: 0, topics };
    // durability sync: a commit is acknowledged once it is fsynced.
    const durable = broker.store.whenDurable();
    return durable === null ? response : durable.then(() => response);
  },
};
