/** DeleteGroups: only groups without members (NON_EMPTY_GROUP otherwise); their offsets go too. */
import type { ApiHandler } from "../api.ts";
import {
  DeleteGroupsRequest,
  type DeleteGroupsRequestData,
  DeleteGroupsResponse,
  type DeleteGroupsResponseData,
} from "../messages/delete_groups.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { groupsEnabled } from "./groups_gate.ts";

export const deleteGroupsHandler: ApiHandler<DeleteGroupsRequestData, DeleteGroupsResponseData> = {
  key: 42,
  name: "DeleteGroups",
  request: DeleteGroupsRequest,
  response: DeleteGroupsResponse,
  advertised: groupsEnabled,
  handle(req, ctx) {
    const enabled = groupsEnabled(ctx.broker);
    return {
      throttleTimeMs: 0,
      results: req.groupsNames.map((groupId) => ({
        groupId,
        errorCode: enabled
          ? ctx.broker.groups.deleteGroup(groupId)
          : ErrorCode.COORDINATOR_NOT_AVAILABLE,
      })),
    };
  },
};
