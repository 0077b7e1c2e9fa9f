/** SyncGroup: the leader's assignments in, each member's assignment out. */
import type { ApiHandler } from "../api.ts";
import {
  SyncGroupRequest,
  type SyncGroupRequestData,
  SyncGroupResponse,
  type SyncGroupResponseData,
} from "../messages/sync_group.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { groupsEnabled } from "./groups_gate.ts";

export const syncGroupHandler: ApiHandler<SyncGroupRequestData, SyncGroupResponseData> = {
  key: 14,
  name: "SyncGroup",
  request: SyncGroupRequest,
  response: SyncGroupResponse,
  advertised: groupsEnabled,
  async handle(req, ctx) {
    if (!groupsEnabled(ctx.broker)) {
      return {
        throttleTimeMs: 0,
        errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
        protocolType: null,
        protocolName: null,
        assignment: new Uint8Array(0),
      };
    }
    const outcome = await ctx.broker.groups.sync({
      groupId: req.groupId,
      generationId: req.generationId,
      memberId: req.memberId,
      groupInstanceId: req.groupInstanceId,
      protocolType: req.protocolType,
      protocolName: req.protocolName,
      assignments: req.assignments,
    });
    return { throttleTimeMs: 0, ...outcome };
  },
};
