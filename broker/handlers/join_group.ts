/** JoinGroup: hands the request to the group coordinator; the response waits for the barrier. */
import type { ApiHandler } from "../api.ts";
import {
  JoinGroupRequest,
  type JoinGroupRequestData,
  JoinGroupResponse,
  type JoinGroupResponseData,
} from "../messages/join_group.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { groupsEnabled } from "./groups_gate.ts";

/** v0 has no rebalance timeout: Kafka uses the session timeout for it. */
const REBALANCE_TIMEOUT_FROM_VERSION = 1;
/** From v4 a new member without an id is first given one (MEMBER_ID_REQUIRED, KIP-394). */
const MEMBER_ID_REQUIRED_FROM_VERSION = 4;

export const joinGroupHandler: ApiHandler<JoinGroupRequestData, JoinGroupResponseData> = {
  key: 11,
  name: "JoinGroup",
  request: JoinGroupRequest,
  response: JoinGroupResponse,
  advertised: groupsEnabled,
  async handle(req, ctx) {
    if (!groupsEnabled(ctx.broker)) {
      return {
        throttleTimeMs: 0,
        errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
        generationId: -1,
        protocolType: null,
        protocolName: null,
        leader: "",
        skipAssignment: false,
        memberId: req.memberId,
        members: [],
      };
    }
    const outcome = await ctx.broker.groups.join({
      groupId: req.groupId,
      memberId: req.memberId,
      groupInstanceId: req.groupInstanceId,
      clientId: ctx.clientId ?? "",
      clientHost: ctx.clientHost,
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: ctx.apiVersion >= REBALANCE_TIMEOUT_FROM_VERSION
        ? req.rebalanceTimeoutMs
        : req.sessionTimeoutMs,
      protocolType: req.protocolType,
      protocols: req.protocols,
      requireKnownMemberId: ctx.apiVersion >= MEMBER_ID_REQUIRED_FROM_VERSION &&
        req.groupInstanceId === null,
    });
    return {
      throttleTimeMs: 0,
      errorCode: outcome.errorCode,
      generationId: outcome.generationId,
      protocolType: outcome.protocolType,
      protocolName: outcome.protocolName,
      leader: outcome.leader,
      skipAssignment: outcome.skipAssignment,
      memberId: outcome.memberId,
      members: outcome.members,
    };
  },
};
