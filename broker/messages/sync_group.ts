/**
 * SyncGroup (key 14): the leader hands out assignments; every member receives its own.
 *
 * Grammar (Kafka message definitions SyncGroupRequest/Response.json; flexible from v4):
 *
 *   SyncGroupRequest v0-2  => group_id: string generation_id: int32 member_id: string
 *                             assignments: [member_id: string assignment: bytes]
 *   SyncGroupRequest v3    => group_id generation_id member_id
 *                             group_instance_id: nullable_string (default null) assignments
 *   SyncGroupRequest v4    => the v3 fields (compact, assignments with _tagged_fields)
 *                             _tagged_fields
 *   SyncGroupRequest v5    => group_id generation_id member_id group_instance_id
 *                             protocol_type: compact_nullable_string (default null)
 *                             protocol_name: compact_nullable_string (default null)
 *                             assignments _tagged_fields
 *
 *   SyncGroupResponse v0   => error_code: int16 assignment: bytes
 *   SyncGroupResponse v1-3 => throttle_time_ms: int32 error_code assignment
 *   SyncGroupResponse v4   => throttle_time_ms error_code assignment(compact) _tagged_fields
 *   SyncGroupResponse v5   => throttle_time_ms error_code
 *                             protocol_type: compact_nullable_string (default null)
 *                             protocol_name: compact_nullable_string (default null)
 *                             assignment _tagged_fields
 *
 * v5 carries the protocol type and name both ways so either side can check them (KIP-559).
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface SyncGroupRequestAssignment {
  memberId: string;
  assignment: Uint8Array;
}

export interface SyncGroupRequestData {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string | null;
  protocolName: string | null;
  assignments: SyncGroupRequestAssignment[];
}

export interface SyncGroupResponseData {
  throttleTimeMs: number;
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Uint8Array;
}

export const SyncGroupRequest = new MessageCodec<SyncGroupRequestData>({
  name: "SyncGroupRequest",
  apiKey: 14,
  validVersions: "0-5",
  flexibleVersions: "4+",
  fields: [
    { name: "groupId", type: "string", versions: "0+" },
    { name: "generationId", type: "int32", versions: "0+" },
    { name: "memberId", type: "string", versions: "0+" },
    { name: "groupInstanceId", type: "string", versions: "3+", nullable: "3+", default: null },
    { name: "protocolType", type: "string", versions: "5+", nullable: "5+", default: null },
    { name: "protocolName", type: "string", versions: "5+", nullable: "5+", default: null },
    {
      name: "assignments",
      type: arrayOf(struct(
        { name: "memberId", type: "string", versions: "0+" },
        { name: "assignment", type: "bytes", versions: "0+" },
      )),
      versions: "0+",
    },
  ],
});

export const SyncGroupResponse = new MessageCodec<SyncGroupResponseData>({
  name: "SyncGroupResponse",
  apiKey: 14,
  validVersions: "0-5",
  flexibleVersions: "4+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "1+" },
    { name: "errorCode", type: "int16", versions: "0+" },
    { name: "protocolType", type: "string", versions: "5+", nullable: "5+", default: null },
    { name: "protocolName", type: "string", versions: "5+", nullable: "5+", default: null },
    { name: "assignment", type: "bytes", versions: "0+" },
  ],
});
