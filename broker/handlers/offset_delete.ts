/**
 * OffsetDelete: drop a group's committed offsets for some partitions. Refused per partition with
 * GROUP_SUBSCRIBED_TO_TOPIC while the group's members subscribe to that topic, as Kafka does.
 */
import type { ApiHandler } from "../api.ts";
import {
  OffsetDeleteRequest,
  type OffsetDeleteRequestData,
  OffsetDeleteResponse,
  type OffsetDeleteResponseData,
} from "../messages/offset_delete.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { groupsEnabled } from "./groups_gate.ts";

export const offsetDeleteHandler: ApiHandler<OffsetDeleteRequestData, OffsetDeleteResponseData> = {
  key: 47,
  name: "OffsetDelete",
  request: OffsetDeleteRequest,
  response: OffsetDeleteResponse,
  advertised: groupsEnabled,
  handle(req, ctx) {
    const groups = ctx.broker.groups;
    if (!groupsEnabled(ctx.broker)) {
      return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, throttleTimeMs: 0, topics: [] };
    }
    if (!groups.groups.has(req.groupId) && !groups.offsets.hasOffsets(req.groupId)) {
      return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, throttleTimeMs: 0, topics: [] };
    }
    const subscribed = groups.subscribedTopics(req.groupId);
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        if (subscribed.has(t.name)) {
          return {
            partitionIndex: p.partitionIndex,
            errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC,
          };
        }
        if (!ctx.broker.store.partition(t.name, p.partitionIndex)) {
          return {
            partitionIndex: p.partitionIndex,
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          };
        }
        groups.offsets.deletePartition(req.groupId, t.name, p.partitionIndex);
        return { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE };
      }),
    }));
    return { errorCode: ErrorCode.NONE, throttleTimeMs: 0, topics };
  },
};
