/**
 * OffsetForLeaderEpoch (key 23): the end offset of a leader epoch, used by consumers to detect
 * log truncation after a leader change.
 *
 * Grammar (Kafka message definitions OffsetForLeaderEpochRequest/Response.json; flexible from v4;
 * v0-1 from the definitions before Kafka 4.0 removed them, KIP-896):
 *
 *   OffsetForLeaderEpochRequest v0-1 => topics: [topic: string,
 *                                                partitions: [partition: int32,
 *                                                             leader_epoch: int32]]
 *   OffsetForLeaderEpochRequest v2   => topics: [topic,
 *                                                partitions: [partition,
 *                                                             current_leader_epoch: int32
 *                                                               (default -1),
 *                                                             leader_epoch]]
 *   OffsetForLeaderEpochRequest v3   => replica_id: int32 (default -2) topics(as v2)
 *   OffsetForLeaderEpochRequest v4   => as v3, compact strings/arrays, _tagged_fields in every
 *                                       struct
 *
 *   OffsetForLeaderEpochResponse v0   => topics: [topic: string,
 *                                                 partitions: [error_code: int16, partition: int32,
 *                                                              end_offset: int64 (default -1)]]
 *   OffsetForLeaderEpochResponse v1   => topics: [topic,
 *                                                 partitions: [error_code, partition,
 *                                                              leader_epoch: int32 (default -1),
 *                                                              end_offset]]
 *   OffsetForLeaderEpochResponse v2-3 => throttle_time_ms: int32 topics(as v1)
 *   OffsetForLeaderEpochResponse v4   => as v2, compact strings/arrays, _tagged_fields in every
 *                                        struct
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface OffsetForLeaderPartition {
  partition: number;
  currentLeaderEpoch: number;
  leaderEpoch: number;
}

export interface OffsetForLeaderTopic {
  topic: string;
  partitions: OffsetForLeaderPartition[];
}

export interface OffsetForLeaderEpochRequestData {
  replicaId: number;
  topics: OffsetForLeaderTopic[];
}

export interface EpochEndOffset {
  errorCode: number;
  partition: number;
  leaderEpoch: number;
  endOffset: number;
}

export interface OffsetForLeaderTopicResult {
  topic: string;
  partitions: EpochEndOffset[];
}

export interface OffsetForLeaderEpochResponseData {
  throttleTimeMs: number;
  topics: OffsetForLeaderTopicResult[];
}

export const OffsetForLeaderEpochRequest = new MessageCodec<OffsetForLeaderEpochRequestData>({
  name: "OffsetForLeaderEpochRequest",
  apiKey: 23,
  validVersions: "0-4",
  flexibleVersions: "4+",
  fields: [
    { name: "replicaId", type: "int32", versions: "3+", default: -2 },
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "topic", type: "string", versions: "0+" },
        {
          name: "partitions",
          type: arrayOf(struct(
            { name: "partition", type: "int32", versions: "0+" },
            { name: "currentLeaderEpoch", type: "int32", versions: "2+", default: -1 },
            { name: "leaderEpoch", type: "int32", versions: "0+" },
          )),
          versions: "0+",
        },
      )),
      versions: "0+",
    },
  ],
});

export const OffsetForLeaderEpochResponse = new MessageCodec<OffsetForLeaderEpochResponseData>({
  name: "OffsetForLeaderEpochResponse",
  apiKey: 23,
  validVersions: "0-4",
  flexibleVersions: "4+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "2+" },
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "topic", type: "string", versions: "0+" },
        {
          name: "partitions",
          type: arrayOf(struct(
            { name: "errorCode", type: "int16", versions: "0+" },
            { name: "partition", type: "int32", versions: "0+" },
            { name: "leaderEpoch", type: "int32", versions: "1+", default: -1 },
            { name: "endOffset", type: "int64", versions: "0+", default: -1 },
          )),
          versions: "0+",
        },
      )),
      versions: "0+",
    },
  ],
});
