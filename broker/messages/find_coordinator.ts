/**
 * FindCoordinator (key 10): which broker coordinates a group or a transactional id.
 *
 * Grammar (Kafka message definitions FindCoordinatorRequest/Response.json; flexible from v3):
 *
 *   FindCoordinatorRequest v0    => key: string
 *   FindCoordinatorRequest v1-2  => key key_type: int8 (default 0)
 *   FindCoordinatorRequest v3    => key(compact) key_type _tagged_fields
 *   FindCoordinatorRequest v4-6  => key_type coordinator_keys: [compact_string] _tagged_fields
 *
 *   FindCoordinatorResponse v0   => error_code: int16 node_id: int32 host: string port: int32
 *   FindCoordinatorResponse v1-2 => throttle_time_ms: int32 error_code
 *                                   error_message: nullable_string node_id host port
 *   FindCoordinatorResponse v3   => the v1-2 fields (compact) _tagged_fields
 *   FindCoordinatorResponse v4-6 => throttle_time_ms
 *                                   coordinators: [key: compact_string node_id: int32
 *                                     host: compact_string port: int32 error_code: int16
 *                                     error_message: compact_nullable_string _tagged_fields]
 *                                   _tagged_fields
 *
 * v4 batches keys (KIP-699); v5 may answer TRANSACTION_ABORTABLE (KIP-890); v6 adds share
 * groups (KIP-932, key_type 2). The wire format of v4-6 is the same.
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface FindCoordinatorRequestData {
  key: string;
  keyType: number;
  coordinatorKeys: string[];
}

export interface Coordinator {
  key: string;
  nodeId: number;
  host: string;
  port: number;
  errorCode: number;
  errorMessage: string | null;
}

export interface FindCoordinatorResponseData {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  nodeId: number;
  host: string;
  port: number;
  coordinators: Coordinator[];
}

export const FindCoordinatorRequest = new MessageCodec<FindCoordinatorRequestData>({
  name: "FindCoordinatorRequest",
  apiKey: 10,
  validVersions: "0-6",
  flexibleVersions: "3+",
  fields: [
    { name: "key", type: "string", versions: "0-3" },
    { name: "keyType", type: "int8", versions: "1+", default: 0 },
    { name: "coordinatorKeys", type: arrayOf("string"), versions: "4+" },
  ],
});

export const FindCoordinatorResponse = new MessageCodec<FindCoordinatorResponseData>({
  name: "FindCoordinatorResponse",
  apiKey: 10,
  validVersions: "0-6",
  flexibleVersions: "3+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "1+" },
    { name: "errorCode", type: "int16", versions: "0-3" },
    { name: "errorMessage", type: "string", versions: "1-3", nullable: "1-3" },
    { name: "nodeId", type: "int32", versions: "0-3" },
    { name: "host", type: "string", versions: "0-3" },
    { name: "port", type: "int32", versions: "0-3" },
    {
      name: "coordinators",
      type: arrayOf(struct(
        { name: "key", type: "string", versions: "4+" },
        { name: "nodeId", type: "int32", versions: "4+" },
        { name: "host", type: "string", versions: "4+" },
        { name: "port", type: "int32", versions: "4+" },
        { name: "errorCode", type: "int16", versions: "4+" },
        { name: "errorMessage", type: "string", versions: "4+", nullable: "4+" },
      )),
      versions: "4+",
    },
  ],
});
