/**
 * OffsetFetch: committed offsets (-1 when none) with their metadata, for the asked partitions
 * or (topics null, v2+) every partition the group committed. v8+ asks for several groups at once.
 */
import type { ApiHandler } from "../api.ts";
import type { Broker } from "../broker.ts";
import {
  OffsetFetchRequest,
  type OffsetFetchRequestData,
  type OffsetFetchRequestTopic,
  OffsetFetchResponse,
  type OffsetFetchResponseData,
  type OffsetFetchResponseTopic,
} from "../messages/offset_fetch.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { groupsEnabled } from "./groups_gate.ts";

const BATCHED_FROM_VERSION = 8;

function offsetsOf(
  broker: Broker,
  groupId: string,
  topics: OffsetFetchRequestTopic[] | null,
): OffsetFetchResponseTopic[] {
  const offsets = broker.groups.offsets;
  const wanted = topics ??
    [...offsets.ofGroup(groupId)].map(([name, partitions]) => ({
      name,
      partitionIndexes: [...partitions.keys()].sort((a, b) => a - b),
    }));
  return wanted.map((t) => ({
    name: t.name,
    partitions: t.partitionIndexes.map((partitionIndex) => {
      const c = offsets.get(groupId, t.name, partitionIndex);
      return {
        partitionIndex,
        committedOffset: c?.offset ?? -1,
        committedLeaderEpoch: c?.leaderEpoch ?? -1,
        metadata: c?.metadata ?? "",
        errorCode: ErrorCode.NONE,
      };
    }),
  }));
}

export const offsetFetchHandler: ApiHandler<OffsetFetchRequestData, OffsetFetchResponseData> = {
  key: 9,
  name: "OffsetFetch",
  request: OffsetFetchRequest,
  response: OffsetFetchResponse,
  advertised: groupsEnabled,
  handle(req, ctx) {
    const broker = ctx.broker;
    const enabled = groupsEnabled(broker);
    const errorCode = enabled ? ErrorCode.NONE : ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (ctx.apiVersion >= BATCHED_FROM_VERSION) {
      return {
        throttleTimeMs: 0,
        topics: [],
        errorCode: ErrorCode.NONE,
        groups: req.groups.map((g) => ({
          groupId: g.groupId,
          topics: enabled ? offsetsOf(broker, g.groupId, g.topics) : [],
          errorCode,
        })),
      };
    }
    return {
      throttleTimeMs: 0,
      topics: enabled ? offsetsOf(broker, req.groupId, req.topics) : [],
      errorCode,
      groups: [],
    };
  },
};
