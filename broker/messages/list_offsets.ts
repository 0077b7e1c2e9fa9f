/**
 * ListOffsets (key 2): the offset for a timestamp, or the earliest/latest offset
 * (timestamp -2 / -1), per partition.
 *
 * Grammar (Kafka message definitions ListOffsetsRequest/Response.json; flexible from v6):
 *
 *   ListOffsetsRequest v0    => replica_id: int32
 *                               topics: [name: string
 *                                 partitions: [partition_index: int32 timestamp: int64
 *                                   max_num_offsets: int32 (default 1)]]
 *   ListOffsetsRequest v1    => replica_id
 *                               topics: [name partitions: [partition_index timestamp]]
 *   ListOffsetsRequest v2-3  => replica_id isolation_level: int8 topics (as v1)
 *   ListOffsetsRequest v4-5  => as v2-3, each partition + current_leader_epoch: int32
 *                               (default -1) after partition_index
 *   ListOffsetsRequest v6-9  => the v4-5 fields (compact) _tagged_fields (in every struct too)
 *
 *   ListOffsetsResponse v0   => topics: [name: string
 *                                 partitions: [partition_index: int32 error_code: int16
 *                                   old_style_offsets: [int64]]]
 *   ListOffsetsResponse v1   => topics: [name partitions: [partition_index error_code
 *                                 timestamp: int64 (default -1) offset: int64 (default -1)]]
 *   ListOffsetsResponse v2-3 => throttle_time_ms: int32 topics (as v1)
 *   ListOffsetsResponse v4-5 => as v2-3, each partition + leader_epoch: int32 (default -1)
 *   ListOffsetsResponse v6-9 => the v4-5 fields (compact) _tagged_fields (in every struct too)
 *
 * v7 adds timestamp -3 (max timestamp, KIP-734), v8 -4 (local log start, KIP-405), v9 -5
 * (last tiered offset, KIP-1005); their wire format is that of v6.
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface ListOffsetsPartition {
  partitionIndex: number;
  currentLeaderEpoch: number;
  timestamp: number;
  maxNumOffsets: number;
}

export interface ListOffsetsTopic {
  name: string;
  partitions: ListOffsetsPartition[];
}

export interface ListOffsetsRequestData {
  replicaId: number;
  isolationLevel: number;
  topics: ListOffsetsTopic[];
}

export interface ListOffsetsPartitionResponse {
  partitionIndex: number;
  errorCode: number;
  oldStyleOffsets: number[];
  timestamp: number;
  offset: number;
  leaderEpoch: number;
}

export interface ListOffsetsTopicResponse {
  name: string;
  partitions: ListOffsetsPartitionResponse[];
}

export interface ListOffsetsResponseData {
  throttleTimeMs: number;
  topics: ListOffsetsTopicResponse[];
}

export const ListOffsetsRequest = new MessageCodec<ListOffsetsRequestData>({
  name: "ListOffsetsRequest",
  apiKey: 2,
  validVersions: "0-9",
  flexibleVersions: "6+",
  fields: [
    { name: "replicaId", type: "int32", versions: "0+" },
    { name: "isolationLevel", type: "int8", versions: "2+" },
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0+" },
        {
          name: "partitions",
          type: arrayOf(struct(
            { name: "partitionIndex", type: "int32", versions: "0+" },
            { name: "currentLeaderEpoch", type: "int32", versions: "4+", default: -1 },
            { name: "timestamp", type: "int64", versions: "0+" },
            { name: "maxNumOffsets", type: "int32", versions: "0", default: 1 },
          )),
          versions: "0+",
        },
      )),
      versions: "0+",
    },
  ],
});

export const ListOffsetsResponse = new MessageCodec<ListOffsetsResponseData>({
  name: "ListOffsetsResponse",
  apiKey: 2,
  validVersions: "0-9",
  flexibleVersions: "6+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "2+" },
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0+" },
        {
          name: "partitions",
          type: arrayOf(struct(
            { name: "partitionIndex", type: "int32", versions: "0+" },
            { name: "errorCode", type: "int16", versions: "0+" },
            { name: "oldStyleOffsets", type: arrayOf("int64"), versions: "0" },
            { name: "timestamp", type: "int64", versions: "1+", default: -1 },
            { name: "offset", type: "int64", versions: "1+", default: -1 },
            { name: "leaderEpoch", type: "int32", versions: "4+", default: -1 },
          )),
          versions: "0+",
        },
      )),
      versions: "0+",
    },
  ],
});
