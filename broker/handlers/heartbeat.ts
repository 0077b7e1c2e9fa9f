/** Heartbeat: keeps a member's session alive; REBALANCE_IN_PROGRESS tells it to rejoin. */
import type { ApiHandler } from "../api.ts";
import {
  HeartbeatRequest,
  type HeartbeatRequestData,
  HeartbeatResponse,
  type HeartbeatResponseData,
} from "../messages/heartbeat.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { groupsEnabled } from "./groups_gate.ts";

export const heartbeatHandler: ApiHandler<HeartbeatRequestData, HeartbeatResponseData> = {
  key: 12,
  name: "Heartbeat",
  request: HeartbeatRequest,
  response: HeartbeatResponse,
  advertised: groupsEnabled,
  handle(req, ctx) {
    const errorCode = groupsEnabled(ctx.broker)
      ? ctx.broker.groups.heartbeat(
        req.groupId,
        req.generationId,
        req.memberId,
        req.groupInstanceId,
      )
      : ErrorCode.COORDINATOR_NOT_AVAILABLE;
    return { throttleTimeMs: 0, errorCode };
  },
};
