/** DescribeGroups: state, protocol, members with their metadata and assignments. */
import type { ApiHandler } from "../api.ts";
import {
  DescribeGroupsRequest,
  type DescribeGroupsRequestData,
  DescribeGroupsResponse,
  type DescribeGroupsResponseData,
} from "../messages/describe_groups.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { groupsEnabled } from "./groups_gate.ts";

export const describeGroupsHandler: ApiHandler<
  DescribeGroupsRequestData,
  DescribeGroupsResponseData
> = {
  key: 15,
  name: "DescribeGroups",
  request: DescribeGroupsRequest,
  response: DescribeGroupsResponse,
  advertised: groupsEnabled,
  handle(req, ctx) {
    const enabled = groupsEnabled(ctx.broker);
    return {
      throttleTimeMs: 0,
      groups: req.groups.map((groupId) => {
        const d = ctx.broker.groups.describe(groupId);
        return {
          errorCode: enabled ? ErrorCode.NONE : ErrorCode.COORDINATOR_NOT_AVAILABLE,
          groupId,
          groupState: d.state,
          protocolType: d.protocolType,
          protocolData: d.protocolName,
          members: d.members.map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            clientId: m.clientId,
            clientHost: m.clientHost,
            memberMetadata: m.metadata,
            memberAssignment: m.assignment,
          })),
          authorizedOperations: -2147483648,
        };
      }),
    };
  },
};
