/** LeaveGroup: one member (v0-2) or a batch of members by id or instance id (v3+). */
import type { ApiHandler } from "../api.ts";
import {
  LeaveGroupRequest,
  type LeaveGroupRequestData,
  LeaveGroupResponse,
  type LeaveGroupResponseData,
} from "../messages/leave_group.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { groupsEnabled } from "./groups_gate.ts";

const BATCHED_FROM_VERSION = 3;

export const leaveGroupHandler: ApiHandler<LeaveGroupRequestData, LeaveGroupResponseData> = {
  key: 13,
  name: "LeaveGroup",
  request: LeaveGroupRequest,
  response: LeaveGroupResponse,
  advertised: groupsEnabled,
  handle(req, ctx) {
    if (!groupsEnabled(ctx.broker)) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    }
    const batched = ctx.apiVersion >= BATCHED_FROM_VERSION;
    const refs = batched ? req.members : [{ memberId: req.memberId, groupInstanceId: null }];
    const results = ctx.broker.groups.leave(req.groupId, refs);
    return {
      throttleTimeMs: 0,
      errorCode: batched ? ErrorCode.NONE : results[0].errorCode,
      members: results.map((r) => ({
        memberId: r.member.memberId,
        groupInstanceId: r.member.groupInstanceId,
        errorCode: r.errorCode,
      })),
    };
  },
};
