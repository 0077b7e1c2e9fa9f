/**
 * CreateTopics (key 19): create topics with a partition count, a replication factor or a manual
 * assignment, and per-topic configs.
 *
 * Grammar (Kafka message definitions CreateTopicsRequest/Response.json; flexible from v5):
 *
 *   CreateTopicsRequest v0   => topics: [name: string, num_partitions: int32,
 *                                        replication_factor: int16,
 *                                        assignments: [partition_index: int32, broker_ids: [int32]],
 *                                        configs: [name: string, value: nullable_string]]
 *                               timeout_ms: int32
 *   CreateTopicsRequest v1-4 => topics timeout_ms validate_only: bool
 *   CreateTopicsRequest v5-7 => as v1, compact strings/arrays, _tagged_fields in every struct
 *
 *   CreateTopicsResponse v0   => topics: [name: string, error_code: int16]
 *   CreateTopicsResponse v1   => topics: [name, error_code, error_message: nullable_string]
 *   CreateTopicsResponse v2-4 => throttle_time_ms: int32 topics(as v1)
 *   CreateTopicsResponse v5-6 => throttle_time_ms
 *                                topics: [name, error_code, error_message,
 *                                         num_partitions: int32 (default -1),
 *                                         replication_factor: int16 (default -1),
 *                                         configs: nullable [name: string, value: nullable_string,
 *                                                            read_only: bool,
 *                                                            config_source: int8 (default -1),
 *                                                            is_sensitive: bool]
 *                                         tagged 0: topic_config_error_code: int16]
 *                                _tagged_fields (compact encodings throughout)
 *   CreateTopicsResponse v7   => as v5, with topic_id: uuid after each topic's name
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface CreatableReplicaAssignment {
  partitionIndex: number;
  brokerIds: number[];
}

export interface CreatableTopicConfig {
  name: string;
  value: string | null;
}

export interface CreatableTopic {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  assignments: CreatableReplicaAssignment[];
  configs: CreatableTopicConfig[];
}

export interface CreateTopicsRequestData {
  topics: CreatableTopic[];
  timeoutMs: number;
  validateOnly: boolean;
}

export interface CreatableTopicConfigs {
  name: string;
  value: string | null;
  readOnly: boolean;
  configSource: number;
  isSensitive: boolean;
}

export interface CreatableTopicResult {
  name: string;
  topicId: string;
  errorCode: number;
  errorMessage: string | null;
  topicConfigErrorCode: number;
  numPartitions: number;
  replicationFactor: number;
  configs: CreatableTopicConfigs[] | null;
}

export interface CreateTopicsResponseData {
  throttleTimeMs: number;
  topics: CreatableTopicResult[];
}

export const CreateTopicsRequest = new MessageCodec<CreateTopicsRequestData>({
  name: "CreateTopicsRequest",
  apiKey: 19,
  validVersions: "0-7",
  flexibleVersions: "5+",
  fields: [
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0+" },
        { name: "numPartitions", type: "int32", versions: "0+" },
        { name: "replicationFactor", type: "int16", versions: "0+" },
        {
          name: "assignments",
          type: arrayOf(struct(
            { name: "partitionIndex", type: "int32", versions: "0+" },
            { name: "brokerIds", type: arrayOf("int32"), versions: "0+" },
          )),
          versions: "0+",
        },
        {
          name: "configs",
          type: arrayOf(struct(
            { name: "name", type: "string", versions: "0+" },
            { name: "value", type: "string", versions: "0+", nullable: "0+" },
          )),
          versions: "0+",
        },
      )),
      versions: "0+",
    },
    { name: "timeoutMs", type: "int32", versions: "0+", default: 60000 },
    { name: "validateOnly", type: "bool", versions: "1+", default: false },
  ],
});

export const CreateTopicsResponse = new MessageCodec<CreateTopicsResponseData>({
  name: "CreateTopicsResponse",
  apiKey: 19,
  validVersions: "0-7",
  flexibleVersions: "5+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "2+" },
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0+" },
        { name: "topicId", type: "uuid", versions: "7+" },
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "1+", nullable: "0+" },
        { name: "topicConfigErrorCode", type: "int16", versions: "5+", tagged: "5+", tag: 0 },
        { name: "numPartitions", type: "int32", versions: "5+", default: -1 },
        { name: "replicationFactor", type: "int16", versions: "5+", default: -1 },
        {
          name: "configs",
          type: arrayOf(struct(
            { name: "name", type: "string", versions: "5+" },
            { name: "value", type: "string", versions: "5+", nullable: "5+" },
            { name: "readOnly", type: "bool", versions: "5+" },
            { name: "configSource", type: "int8", versions: "5+", default: -1 },
            { name: "isSensitive", type: "bool", versions: "5+" },
          )),
          versions: "5+",
          nullable: "5+",
        },
      )),
      versions: "0+",
    },
  ],
});
