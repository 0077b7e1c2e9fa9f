/** ListGroups: every group, filtered by state (v4+) and type (v5+; all groups are "classic"). */
import type { ApiHandler } from "../api.ts";
import {
  ListGroupsRequest,
  type ListGroupsRequestData,
  ListGroupsResponse,
  type ListGroupsResponseData,
} from "../messages/list_groups.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { groupsEnabled } from "./groups_gate.ts";

const GROUP_TYPE = "classic";

export const listGroupsHandler: ApiHandler<ListGroupsRequestData, ListGroupsResponseData> = {
  key: 16,
  name: "ListGroups",
  request: ListGroupsRequest,
  response: ListGroupsResponse,
  advertised: groupsEnabled,
  handle(req, ctx) {
    if (!groupsEnabled(ctx.broker)) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, groups: [] };
    }
    // Kafka matches state names case-insensitively.
    const states = new Set(req.statesFilter.map((s) => s.toLowerCase()));
    const types = new Set(req.typesFilter.map((s) => s.toLowerCase()));
    const groups = ctx.broker.groups.list()
      .filter((g) => states.size === 0 || states.has(g.state.toLowerCase()))
      .filter(() => types.size === 0 || types.has(GROUP_TYPE))
      .map((g) => ({
        groupId: g.groupId,
        protocolType: g.protocolType,
        groupState: g.state,
        groupType: GROUP_TYPE,
      }));
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, groups };
  },
};
