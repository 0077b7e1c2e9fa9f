/**
 * ListGroups (key 16): every group this coordinator knows, optionally filtered.
 *
 * Grammar (Kafka message definitions ListGroupsRequest/Response.json; flexible from v3):
 *
 *   ListGroupsRequest v0-2  => (empty)
 *   ListGroupsRequest v3    => _tagged_fields
 *   ListGroupsRequest v4    => states_filter: [compact_string] _tagged_fields
 *   ListGroupsRequest v5    => states_filter types_filter: [compact_string] _tagged_fields
 *
 *   ListGroupsResponse v0   => error_code: int16 groups: [group_id: string protocol_type: string]
 *   ListGroupsResponse v1-2 => throttle_time_ms: int32 error_code groups
 *   ListGroupsResponse v3   => the v1 fields (compact, groups with _tagged_fields) _tagged_fields
 *   ListGroupsResponse v4   => throttle_time_ms error_code
 *                              groups: [group_id protocol_type group_state: compact_string
 *                                _tagged_fields]
 *                              _tagged_fields
 *   ListGroupsResponse v5   => throttle_time_ms error_code
 *                              groups: [group_id protocol_type group_state
 *                                group_type: compact_string _tagged_fields]
 *                              _tagged_fields
 *
 * Empty filters mean "all groups" (KIP-518 states, KIP-848 types).
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface ListGroupsRequestData {
  statesFilter: string[];
  typesFilter: string[];
}

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  groupState: string;
  groupType: string;
}

export interface ListGroupsResponseData {
  throttleTimeMs: number;
  errorCode: number;
  groups: ListedGroup[];
}

export const ListGroupsRequest = new MessageCodec<ListGroupsRequestData>({
  name: "ListGroupsRequest",
  apiKey: 16,
  validVersions: "0-5",
  flexibleVersions: "3+",
  fields: [
    { name: "statesFilter", type: arrayOf("string"), versions: "4+" },
    { name: "typesFilter", type: arrayOf("string"), versions: "5+" },
  ],
});

export const ListGroupsResponse = new MessageCodec<ListGroupsResponseData>({
  name: "ListGroupsResponse",
  apiKey: 16,
  validVersions: "0-5",
  flexibleVersions: "3+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "1+" },
    { name: "errorCode", type: "int16", versions: "0+" },
    {
      name: "groups",
      type: arrayOf(struct(
        { name: "groupId", type: "string", versions: "0+" },
        { name: "protocolType", type: "string", versions: "0+" },
        { name: "groupState", type: "string", versions: "4+" },
        { name: "groupType", type: "string", versions: "5+" },
      )),
      versions: "0+",
    },
  ],
});
