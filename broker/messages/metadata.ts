/**
 * Metadata (key 3): the brokers, and each topic's partitions with their leader and replicas.
 *
 * Grammar (Kafka message definitions MetadataRequest/Response.json; flexible from v9):
 *
 *   MetadataRequest v0      => topics: [name: string]   (empty = all topics)
 *   MetadataRequest v1-3    => topics: nullable [name]  (null = all topics, empty = none)
 *   MetadataRequest v4-7    => topics allow_auto_topic_creation: bool (default true)
 *   MetadataRequest v8      => topics allow_auto_topic_creation
 *                              include_cluster_authorized_operations: bool
 *                              include_topic_authorized_operations: bool
 *   MetadataRequest v9      => the v8 fields (compact) _tagged_fields (in every struct too)
 *   MetadataRequest v10     => as v9, topics: nullable [topic_id: uuid
 *                                name: compact_nullable_string]
 *   MetadataRequest v11-12  => as v10 without include_cluster_authorized_operations (KIP-700)
 *
 *   MetadataResponse v0     => brokers: [node_id: int32 host: string port: int32]
 *                              topics: [error_code: int16 name: string
 *                                partitions: [error_code: int16 partition_index: int32
 *                                  leader_id: int32 replica_nodes: [int32] isr_nodes: [int32]]]
 *   MetadataResponse v1     => brokers: [node_id host port rack: nullable_string (default null)]
 *                              controller_id: int32 (default -1)
 *                              topics: [error_code name is_internal: bool (default false)
 *                                partitions]
 *   MetadataResponse v2     => brokers cluster_id: nullable_string (default null)
 *                              controller_id topics (as v1)
 *   MetadataResponse v3-4   => throttle_time_ms: int32 brokers cluster_id controller_id topics
 *   MetadataResponse v5-6   => as v3-4, each partition + offline_replicas: [int32]
 *   MetadataResponse v7     => as v5-6, each partition + leader_epoch: int32 (default -1)
 *                              after leader_id
 *   MetadataResponse v8     => as v7, each topic + topic_authorized_operations: int32
 *                              (default -2147483648) after partitions;
 *                              + cluster_authorized_operations: int32 (default -2147483648)
 *                              after topics
 *   MetadataResponse v9     => the v8 fields (compact) _tagged_fields (in every struct too)
 *   MetadataResponse v10    => as v9, each topic + topic_id: uuid after name
 *   MetadataResponse v11    => as v10 without cluster_authorized_operations (KIP-700)
 *   MetadataResponse v12    => as v11; topic name is compact_nullable_string
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface MetadataRequestTopic {
  topicId: string;
  name: string | null;
}

export interface MetadataRequestData {
  topics: MetadataRequestTopic[] | null;
  allowAutoTopicCreation: boolean;
  includeClusterAuthorizedOperations: boolean;
  includeTopicAuthorizedOperations: boolean;
}

export interface MetadataResponseBroker {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface MetadataResponsePartition {
  errorCode: number;
  partitionIndex: number;
  leaderId: number;
  leaderEpoch: number;
  replicaNodes: number[];
  isrNodes: number[];
  offlineReplicas: number[];
}

export interface MetadataResponseTopic {
  errorCode: number;
  name: string | null;
  topicId: string;
  isInternal: boolean;
  partitions: MetadataResponsePartition[];
  topicAuthorizedOperations: number;
}

export interface MetadataResponseData {
  throttleTimeMs: number;
  brokers: MetadataResponseBroker[];
  clusterId: string | null;
  controllerId: number;
  topics: MetadataResponseTopic[];
  clusterAuthorizedOperations: number;
}

export const MetadataRequest = new MessageCodec<MetadataRequestData>({
  name: "MetadataRequest",
  apiKey: 3,
  validVersions: "0-12",
  flexibleVersions: "9+",
  fields: [
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "topicId", type: "uuid", versions: "10+" },
        { name: "name", type: "string", versions: "0+", nullable: "10+" },
      )),
      versions: "0+",
      nullable: "1+",
    },
    { name: "allowAutoTopicCreation", type: "bool", versions: "4+", default: true },
    { name: "includeClusterAuthorizedOperations", type: "bool", versions: "8-10" },
    { name: "includeTopicAuthorizedOperations", type: "bool", versions: "8+" },
  ],
});

export const MetadataResponse = new MessageCodec<MetadataResponseData>({
  name: "MetadataResponse",
  apiKey: 3,
  validVersions: "0-12",
  flexibleVersions: "9+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "3+" },
    {
      name: "brokers",
      type: arrayOf(struct(
        { name: "nodeId", type: "int32", versions: "0+" },
        { name: "host", type: "string", versions: "0+" },
        { name: "port", type: "int32", versions: "0+" },
        { name: "rack", type: "string", versions: "1+", nullable: "1+", default: null },
      )),
      versions: "0+",
    },
    { name: "clusterId", type: "string", versions: "2+", nullable: "2+", default: null },
    { name: "controllerId", type: "int32", versions: "1+", default: -1 },
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "name", type: "string", versions: "0+", nullable: "12+" },
        { name: "topicId", type: "uuid", versions: "10+" },
        { name: "isInternal", type: "bool", versions: "1+", default: false },
        {
          name: "partitions",
          type: arrayOf(struct(
            { name: "errorCode", type: "int16", versions: "0+" },
            { name: "partitionIndex", type: "int32", versions: "0+" },
            { name: "leaderId", type: "int32", versions: "0+" },
            { name: "leaderEpoch", type: "int32", versions: "7+", default: -1 },
            { name: "replicaNodes", type: arrayOf("int32"), versions: "0+" },
            { name: "isrNodes", type: arrayOf("int32"), versions: "0+" },
            { name: "offlineReplicas", type: arrayOf("int32"), versions: "5+" },
          )),
          versions: "0+",
        },
        {
          name: "topicAuthorizedOperations",
          type: "int32",
          versions: "8+",
          default: -2147483648,
        },
      )),
      versions: "0+",
    },
    {
      name: "clusterAuthorizedOperations",
      type: "int32",
      versions: "8-10",
      default: -2147483648,
    },
  ],
});
