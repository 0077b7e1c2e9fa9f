/**
 * Heartbeat (key 12): a classic group member says it is alive; the answer tells it to rejoin.
 *
 * Grammar (Kafka message definitions HeartbeatRequest/Response.json; flexible from v4):
 *
 *   HeartbeatRequest v0-2  => group_id: string generation_id: int32 member_id: string
 *   HeartbeatRequest v3    => group_id generation_id member_id
 *                             group_instance_id: nullable_string (default null)
 *   HeartbeatRequest v4    => the v3 fields (compact) _tagged_fields
 *
 *   HeartbeatResponse v0   => error_code: int16
 *   HeartbeatResponse v1-3 => throttle_time_ms: int32 error_code
 *   HeartbeatResponse v4   => throttle_time_ms error_code _tagged_fields
 *
 * During a rebalance the coordinator answers REBALANCE_IN_PROGRESS (27).
 */
import { MessageCodec } from "../protocol/schema.ts";

export interface HeartbeatRequestData {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

export interface HeartbeatResponseData {
  throttleTimeMs: number;
  errorCode: number;
}

export const HeartbeatRequest = new MessageCodec<HeartbeatRequestData>({
  name: "HeartbeatRequest",
  apiKey: 12,
  validVersions: "0-4",
  flexibleVersions: "4+",
  fields: [
    { name: "groupId", type: "string", versions: "0+" },
    { name: "generationId", type: "int32", versions: "0+" },
    { name: "memberId", type: "string", versions: "0+" },
    { name: "groupInstanceId", type: "string", versions: "3+", nullable: "3+", default: null },
  ],
});

export const HeartbeatResponse = new MessageCodec<HeartbeatResponseData>({
  name: "HeartbeatResponse",
  apiKey: 12,
  validVersions: "0-4",
  flexibleVersions: "4+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "1+" },
    { name: "errorCode", type: "int16", versions: "0+" },
  ],
});
