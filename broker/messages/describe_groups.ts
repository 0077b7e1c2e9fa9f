/**
 * DescribeGroups (key 15): state, protocol and members of classic groups, for tools.
 *
 * Grammar (Kafka message definitions DescribeGroupsRequest/Response.json; flexible from v5):
 *
 *   DescribeGroupsRequest v0-2  => groups: [string]
 *   DescribeGroupsRequest v3-4  => groups include_authorized_operations: bool
 *   DescribeGroupsRequest v5    => groups(compact) include_authorized_operations _tagged_fields
 *
 *   DescribeGroupsResponse v0   => groups: [error_code: int16 group_id: string
 *                                    group_state: string protocol_type: string
 *                                    protocol_data: string
 *                                    members: [member_id: string client_id: string
 *                                      client_host: string member_metadata: bytes
 *                                      member_assignment: bytes]]
 *   DescribeGroupsResponse v1-2 => throttle_time_ms: int32 groups
 *   DescribeGroupsResponse v3   => throttle_time_ms
 *                                  groups: [error_code group_id group_state protocol_type
 *                                    protocol_data members
 *                                    authorized_operations: int32 (default -2147483648)]
 *   DescribeGroupsResponse v4   => as v3, members: [member_id
 *                                    group_instance_id: nullable_string (default null)
 *                                    client_id client_host member_metadata member_assignment]
 *   DescribeGroupsResponse v5   => the v4 fields (compact, every struct with _tagged_fields)
 *                                  _tagged_fields
 *
 * protocol_data is the chosen assignor name; metadata and assignment are filled when Stable.
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface DescribeGroupsRequestData {
  groups: string[];
  includeAuthorizedOperations: boolean;
}

export interface DescribedGroupMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  memberMetadata: Uint8Array;
  memberAssignment: Uint8Array;
}

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  groupState: string;
  protocolType: string;
  protocolData: string;
  members: DescribedGroupMember[];
  authorizedOperations: number;
}

export interface DescribeGroupsResponseData {
  throttleTimeMs: number;
  groups: DescribedGroup[];
}

export const DescribeGroupsRequest = new MessageCodec<DescribeGroupsRequestData>({
  name: "DescribeGroupsRequest",
  apiKey: 15,
  validVersions: "0-5",
  flexibleVersions: "5+",
  fields: [
    { name: "groups", type: arrayOf("string"), versions: "0+" },
    { name: "includeAuthorizedOperations", type: "bool", versions: "3+" },
  ],
});

export const DescribeGroupsResponse = new MessageCodec<DescribeGroupsResponseData>({
  name: "DescribeGroupsResponse",
  apiKey: 15,
  validVersions: "0-5",
  flexibleVersions: "5+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "1+" },
    {
      name: "groups",
      type: arrayOf(struct(
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "groupId", type: "string", versions: "0+" },
        { name: "groupState", type: "string", versions: "0+" },
        { name: "protocolType", type: "string", versions: "0+" },
        { name: "protocolData", type: "string", versions: "0+" },
        {
          name: "members",
          type: arrayOf(struct(
            { name: "memberId", type: "string", versions: "0+" },
            {
              name: "groupInstanceId",
              type: "string",
              versions: "4+",
              nullable: "4+",
              default: null,
            },
            { name: "clientId", type: "string", versions: "0+" },
            { name: "clientHost", type: "string", versions: "0+" },
            { name: "memberMetadata", type: "bytes", versions: "0+" },
            { name: "memberAssignment", type: "bytes", versions: "0+" },
          )),
          versions: "0+",
        },
        { name: "authorizedOperations", type: "int32", versions: "3+", default: -2147483648 },
      )),
      versions: "0+",
    },
  ],
});
