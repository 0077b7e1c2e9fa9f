/**
 * JoinGroup (key 11): a member joins a classic consumer group and waits for the rebalance.
 *
 * Grammar (Kafka message definitions JoinGroupRequest/Response.json; flexible from v6):
 *
 *   JoinGroupRequest v0    => group_id: string session_timeout_ms: int32 member_id: string
 *                             protocol_type: string protocols: [name: string metadata: bytes]
 *   JoinGroupRequest v1-4  => group_id session_timeout_ms rebalance_timeout_ms: int32 (default -1)
 *                             member_id protocol_type protocols
 *   JoinGroupRequest v5    => group_id session_timeout_ms rebalance_timeout_ms member_id
 *                             group_instance_id: nullable_string (default null)
 *                             protocol_type protocols
 *   JoinGroupRequest v6-7  => the v5 fields (compact, protocols with _tagged_fields) _tagged_fields
 *   JoinGroupRequest v8-9  => the v6 fields, then reason: compact_nullable_string (default null)
 *                             _tagged_fields
 *
 *   JoinGroupResponse v0-1 => error_code: int16 generation_id: int32 (default -1)
 *                             protocol_name: string leader: string member_id: string
 *                             members: [member_id: string metadata: bytes]
 *   JoinGroupResponse v2-4 => throttle_time_ms: int32 error_code generation_id protocol_name
 *                             leader member_id members
 *   JoinGroupResponse v5   => the v2 fields, members: [member_id
 *                             group_instance_id: nullable_string (default null) metadata]
 *   JoinGroupResponse v6   => the v5 fields (compact, members with _tagged_fields) _tagged_fields
 *   JoinGroupResponse v7-8 => throttle_time_ms error_code generation_id
 *                             protocol_type: compact_nullable_string (default null)
 *                             protocol_name: compact_nullable_string leader member_id members
 *                             _tagged_fields
 *   JoinGroupResponse v9   => throttle_time_ms error_code generation_id protocol_type
 *                             protocol_name leader skip_assignment: bool (default false)
 *                             member_id members _tagged_fields
 *
 * v4+ clients first join with an empty member id and get MEMBER_ID_REQUIRED with their id.
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface JoinGroupRequestProtocol {
  name: string;
  metadata: Uint8Array;
}

export interface JoinGroupRequestData {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string;
  protocols: JoinGroupRequestProtocol[];
  reason: string | null;
}

export interface JoinGroupResponseMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Uint8Array;
}

export interface JoinGroupResponseData {
  throttleTimeMs: number;
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  skipAssignment: boolean;
  memberId: string;
  members: JoinGroupResponseMember[];
}

export const JoinGroupRequest = new MessageCodec<JoinGroupRequestData>({
  name: "JoinGroupRequest",
  apiKey: 11,
  validVersions: "0-9",
  flexibleVersions: "6+",
  fields: [
    { name: "groupId", type: "string", versions: "0+" },
    { name: "sessionTimeoutMs", type: "int32", versions: "0+" },
    { name: "rebalanceTimeoutMs", type: "int32", versions: "1+", default: -1 },
    { name: "memberId", type: "string", versions: "0+" },
    { name: "groupInstanceId", type: "string", versions: "5+", nullable: "5+", default: null },
    { name: "protocolType", type: "string", versions: "0+" },
    {
      name: "protocols",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0+" },
        { name: "metadata", type: "bytes", versions: "0+" },
      )),
      versions: "0+",
    },
    { name: "reason", type: "string", versions: "8+", nullable: "8+", default: null },
  ],
});

export const JoinGroupResponse = new MessageCodec<JoinGroupResponseData>({
  name: "JoinGroupResponse",
  apiKey: 11,
  validVersions: "0-9",
  flexibleVersions: "6+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "2+" },
    { name: "errorCode", type: "int16", versions: "0+" },
    { name: "generationId", type: "int32", versions: "0+", default: -1 },
    { name: "protocolType", type: "string", versions: "7+", nullable: "7+", default: null },
    { name: "protocolName", type: "string", versions: "0+", nullable: "7+" },
    { name: "leader", type: "string", versions: "0+" },
    { name: "skipAssignment", type: "bool", versions: "9+", default: false },
    { name: "memberId", type: "string", versions: "0+" },
    {
      name: "members",
      type: arrayOf(struct(
        { name: "memberId", type: "string", versions: "0+" },
        { name: "groupInstanceId", type: "string", versions: "5+", nullable: "5+", default: null },
        { name: "metadata", type: "bytes", versions: "0+" },
      )),
      versions: "0+",
    },
  ],
});
