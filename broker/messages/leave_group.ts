/**
 * LeaveGroup (key 13): members leave a classic group, which then rebalances.
 *
 * Grammar (Kafka message definitions LeaveGroupRequest/Response.json; flexible from v4):
 *
 *   LeaveGroupRequest v0-2  => group_id: string member_id: string
 *   LeaveGroupRequest v3    => group_id
 *                              members: [member_id: string
 *                                group_instance_id: nullable_string (default null)]
 *   LeaveGroupRequest v4    => the v3 fields (compact, members with _tagged_fields)
 *                              _tagged_fields
 *   LeaveGroupRequest v5    => group_id
 *                              members: [member_id group_instance_id
 *                                reason: compact_nullable_string (default null) _tagged_fields]
 *                              _tagged_fields
 *
 *   LeaveGroupResponse v0   => error_code: int16
 *   LeaveGroupResponse v1-2 => throttle_time_ms: int32 error_code
 *   LeaveGroupResponse v3   => throttle_time_ms error_code
 *                              members: [member_id: string group_instance_id: nullable_string
 *                                error_code: int16]
 *   LeaveGroupResponse v4-5 => the v3 fields (compact, members with _tagged_fields)
 *                              _tagged_fields
 *
 * v3 batches leaving members, identified by member id or static group instance id (KIP-345).
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface MemberIdentity {
  memberId: string;
  groupInstanceId: string | null;
  reason: string | null;
}

export interface LeaveGroupRequestData {
  groupId: string;
  memberId: string;
  members: MemberIdentity[];
}

export interface LeaveGroupMemberResponse {
  memberId: string;
  groupInstanceId: string | null;
  errorCode: number;
}

export interface LeaveGroupResponseData {
  throttleTimeMs: number;
  errorCode: number;
  members: LeaveGroupMemberResponse[];
}

export const LeaveGroupRequest = new MessageCodec<LeaveGroupRequestData>({
  name: "LeaveGroupRequest",
  apiKey: 13,
  validVersions: "0-5",
  flexibleVersions: "4+",
  fields: [
    { name: "groupId", type: "string", versions: "0+" },
    { name: "memberId", type: "string", versions: "0-2" },
    {
      name: "members",
      type: arrayOf(struct(
        { name: "memberId", type: "string", versions: "3+" },
        { name: "groupInstanceId", type: "string", versions: "3+", nullable: "3+", default: null },
        { name: "reason", type: "string", versions: "5+", nullable: "5+", default: null },
      )),
      versions: "3+",
    },
  ],
});

export const LeaveGroupResponse = new MessageCodec<LeaveGroupResponseData>({
  name: "LeaveGroupResponse",
  apiKey: 13,
  validVersions: "0-5",
  flexibleVersions: "4+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "1+" },
    { name: "errorCode", type: "int16", versions: "0+" },
    {
      name: "members",
      type: arrayOf(struct(
        { name: "memberId", type: "string", versions: "3+" },
        { name: "groupInstanceId", type: "string", versions: "3+", nullable: "3+" },
        { name: "errorCode", type: "int16", versions: "3+" },
      )),
      versions: "3+",
    },
  ],
});
