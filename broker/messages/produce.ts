/**
 * Produce (key 0): append record batches to partitions.
 *
 * Grammar (Kafka message definitions ProduceRequest/Response.json; flexible from v9). Versions
 * 0-2 are decoded and answered, but only with an error per partition: they carry message
 * formats v0/v1, and this broker stores record batch v2 only (see handlers/produce.ts for why
 * they are listed at all).
 *
 *   ProduceRequest v0-2    => acks: int16 timeout_ms: int32
 *                             topic_data: [name: string
 *                               partition_data: [index: int32 records: nullable_records]]
 *   ProduceRequest v3-8    => transactional_id: nullable_string acks: int16 timeout_ms: int32
 *                             topic_data: [name: string
 *                               partition_data: [index: int32 records: nullable_records]]
 *   ProduceRequest v9-11   => the v3-8 fields (compact) _tagged_fields (in every struct too)
 *
 *   ProduceResponse v0     => responses: [name: string
 *                               partition_responses: [index: int32 error_code: int16
 *                                 base_offset: int64]]
 *   ProduceResponse v1     => as v0 + throttle_time_ms: int32
 *   ProduceResponse v2     => as v1, each partition + log_append_time_ms: int64 (default -1)
 *   ProduceResponse v3-4   => responses: [name: string
 *                               partition_responses: [index: int32 error_code: int16
 *                                 base_offset: int64 log_append_time_ms: int64 (default -1)]]
 *                             throttle_time_ms: int32
 *   ProduceResponse v5-7   => as v3-4, each partition + log_start_offset: int64 (default -1)
 *   ProduceResponse v8     => as v5-7, each partition
 *                               + record_errors: [batch_index: int32
 *                                   batch_index_error_message: nullable_string (default null)]
 *                               + error_message: nullable_string (default null)
 *   ProduceResponse v9     => the v8 fields (compact) _tagged_fields (in every struct too)
 *   ProduceResponse v10-11 => as v9, plus tagged fields (KIP-951):
 *                               partition tagged 0: current_leader: LeaderIdAndEpoch
 *                               top-level tagged 0: node_endpoints: [NodeEndpoint]
 *
 * v4 may answer KAFKA_STORAGE_ERROR, v7 allows zstd batches, v11 may answer
 * TRANSACTION_ABORTABLE (KIP-890); their wire format is that of the version before.
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";
import type { LeaderIdAndEpoch, NodeEndpoint } from "./leader_discovery.ts";

export interface ProducePartitionData {
  index: number;
  records: Uint8Array | null;
}

export interface ProduceTopicData {
  name: string;
  partitionData: ProducePartitionData[];
}

export interface ProduceRequestData {
  transactionalId: string | null;
  acks: number;
  timeoutMs: number;
  topicData: ProduceTopicData[];
}

export interface ProduceRecordError {
  batchIndex: number;
  batchIndexErrorMessage: string | null;
}

export interface ProducePartitionResponse {
  index: number;
  errorCode: number;
  baseOffset: number;
  logAppendTimeMs: number;
  logStartOffset: number;
  recordErrors: ProduceRecordError[];
  errorMessage: string | null;
  /** Tagged (v10+): sent only when given. */
  currentLeader?: LeaderIdAndEpoch;
}

export interface ProduceTopicResponse {
  name: string;
  partitionResponses: ProducePartitionResponse[];
}

export interface ProduceResponseData {
  responses: ProduceTopicResponse[];
  throttleTimeMs: number;
  /** Tagged (v10+): sent only when non-empty. */
  nodeEndpoints?: NodeEndpoint[];
}

export const ProduceRequest = new MessageCodec<ProduceRequestData>({
  name: "ProduceRequest",
  apiKey: 0,
  validVersions: "0-11",
  flexibleVersions: "9+",
  fields: [
    { name: "transactionalId", type: "string", versions: "3+", nullable: "3+", default: null },
    { name: "acks", type: "int16", versions: "0+" },
    { name: "timeoutMs", type: "int32", versions: "0+" },
    {
      name: "topicData",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0+" },
        {
          name: "partitionData",
          type: arrayOf(struct(
            { name: "index", type: "int32", versions: "0+" },
            { name: "records", type: "records", versions: "0+", nullable: "0+" },
          )),
          versions: "0+",
        },
      )),
      versions: "0+",
    },
  ],
});

export const ProduceResponse = new MessageCodec<ProduceResponseData>({
  name: "ProduceResponse",
  apiKey: 0,
  validVersions: "0-11",
  flexibleVersions: "9+",
  fields: [
    {
      name: "responses",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0+" },
        {
          name: "partitionResponses",
          type: arrayOf(struct(
            { name: "index", type: "int32", versions: "0+" },
            { name: "errorCode", type: "int16", versions: "0+" },
            { name: "baseOffset", type: "int64", versions: "0+" },
            { name: "logAppendTimeMs", type: "int64", versions: "2+", default: -1 },
            { name: "logStartOffset", type: "int64", versions: "5+", default: -1 },
            {
              name: "recordErrors",
              type: arrayOf(struct(
                { name: "batchIndex", type: "int32", versions: "8+" },
                {
                  name: "batchIndexErrorMessage",
                  type: "string",
                  versions: "8+",
                  nullable: "8+",
                  default: null,
                },
              )),
              versions: "8+",
            },
            { name: "errorMessage", type: "string", versions: "8+", nullable: "8+", default: null },
            {
              name: "currentLeader",
              type: struct(
                { name: "leaderId", type: "int32", versions: "10+", default: -1 },
                { name: "leaderEpoch", type: "int32", versions: "10+", default: -1 },
              ),
              versions: "10+",
              tagged: "10+",
              tag: 0,
            },
          )),
          versions: "0+",
        },
      )),
      versions: "0+",
    },
    { name: "throttleTimeMs", type: "int32", versions: "1+", default: 0 },
    {
      name: "nodeEndpoints",
      type: arrayOf(struct(
        { name: "nodeId", type: "int32", versions: "10+" },
        { name: "host", type: "string", versions: "10+" },
        { name: "port", type: "int32", versions: "10+" },
        { name: "rack", type: "string", versions: "10+", nullable: "10+", default: null },
      )),
      versions: "10+",
      tagged: "10+",
      tag: 0,
    },
  ],
});
