/**
 * OffsetCommit (key 8): a consumer stores the offsets it has processed for its group.
 *
 * Grammar (Kafka message definitions OffsetCommitRequest/Response.json; flexible from v8;
 * v0-1 come from the definitions before Kafka 4.0 dropped them, KIP-896):
 *
 *   OffsetCommitRequest v0    => group_id: string
 *                                topics: [name: string
 *                                  partitions: [partition_index: int32 committed_offset: int64
 *                                    committed_metadata: nullable_string]]
 *   OffsetCommitRequest v1    => group_id generation_id_or_member_epoch: int32 (default -1)
 *                                member_id: string
 *                                topics: [name partitions: [partition_index committed_offset
 *                                  commit_timestamp: int64 (default -1) committed_metadata]]
 *   OffsetCommitRequest v2-4  => group_id generation_id_or_member_epoch member_id
 *                                retention_time_ms: int64 (default -1)
 *                                topics: [name partitions: [partition_index committed_offset
 *                                  committed_metadata]]
 *   OffsetCommitRequest v5    => group_id generation_id_or_member_epoch member_id topics (as v2)
 *   OffsetCommitRequest v6    => group_id generation_id_or_member_epoch member_id
 *                                topics: [name partitions: [partition_index committed_offset
 *                                  committed_leader_epoch: int32 (default -1) committed_metadata]]
 *   OffsetCommitRequest v7    => group_id generation_id_or_member_epoch member_id
 *                                group_instance_id: nullable_string (default null) topics (as v6)
 *   OffsetCommitRequest v8-9  => the v7 fields (compact, every struct with _tagged_fields)
 *                                _tagged_fields
 *
 *   OffsetCommitResponse v0-2 => topics: [name: string
 *                                  partitions: [partition_index: int32 error_code: int16]]
 *   OffsetCommitResponse v3-7 => throttle_time_ms: int32 topics
 *   OffsetCommitResponse v8-9 => throttle_time_ms topics(compact, with _tagged_fields)
 *                                _tagged_fields
 *
 * v9 is the first version usable with the KIP-848 consumer protocol (same wire format as v8).
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface OffsetCommitRequestPartition {
  partitionIndex: number;
  committedOffset: number;
  committedLeaderEpoch: number;
  commitTimestamp: number;
  committedMetadata: string | null;
}

export interface OffsetCommitRequestTopic {
  name: string;
  partitions: OffsetCommitRequestPartition[];
}

export interface OffsetCommitRequestData {
  groupId: string;
  generationIdOrMemberEpoch: number;
  memberId: string;
  groupInstanceId: string | null;
  retentionTimeMs: number;
  topics: OffsetCommitRequestTopic[];
}

export interface OffsetCommitResponsePartition {
  partitionIndex: number;
  errorCode: number;
}

export interface OffsetCommitResponseTopic {
  name: string;
  partitions: OffsetCommitResponsePartition[];
}

export interface OffsetCommitResponseData {
  throttleTimeMs: number;
  topics: OffsetCommitResponseTopic[];
}

export const OffsetCommitRequest = new MessageCodec<OffsetCommitRequestData>({
  name: "OffsetCommitRequest",
  apiKey: 8,
  validVersions: "0-9",
  flexibleVersions: "8+",
  fields: [
    { name: "groupId", type: "string", versions: "0+" },
    { name: "generationIdOrMemberEpoch", type: "int32", versions: "1+", default: -1 },
    { name: "memberId", type: "string", versions: "1+" },
    { name: "groupInstanceId", type: "string", versions: "7+", nullable: "7+", default: null },
    { name: "retentionTimeMs", type: "int64", versions: "2-4", default: -1 },
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0+" },
        {
          name: "partitions",
          type: arrayOf(struct(
            { name: "partitionIndex", type: "int32", versions: "0+" },
            { name: "committedOffset", type: "int64", versions: "0+" },
            { name: "committedLeaderEpoch", type: "int32", versions: "6+", default: -1 },
            { name: "commitTimestamp", type: "int64", versions: "1", default: -1 },
            { name: "committedMetadata", type: "string", versions: "0+", nullable: "0+" },
          )),
          versions: "0+",
        },
      )),
      versions: "0+",
    },
  ],
});

export const OffsetCommitResponse = new MessageCodec<OffsetCommitResponseData>({
  name: "OffsetCommitResponse",
  apiKey: 8,
  validVersions: "0-9",
  flexibleVersions: "8+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "3+" },
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0+" },
        {
          name: "partitions",
          type: arrayOf(struct(
            { name: "partitionIndex", type: "int32", versions: "0+" },
            { name: "errorCode", type: "int16", versions: "0+" },
          )),
          versions: "0+",
        },
      )),
      versions: "0+",
    },
  ],
});
