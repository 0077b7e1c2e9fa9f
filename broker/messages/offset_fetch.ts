/**
 * OffsetFetch (key 9): a consumer reads the offsets its group committed.
 *
 * Grammar (Kafka message definitions OffsetFetchRequest/Response.json; flexible from v6;
 * response v0 comes from the definitions before Kafka 4.0 dropped it, KIP-896):
 *
 *   OffsetFetchRequest v0-1  => group_id: string
 *                               topics: [name: string partition_indexes: [int32]]
 *   OffsetFetchRequest v2-5  => group_id topics (null = every topic the group committed)
 *   OffsetFetchRequest v6    => the v2 fields (compact, topics with _tagged_fields) _tagged_fields
 *   OffsetFetchRequest v7    => group_id topics require_stable: bool (default false)
 *                               _tagged_fields
 *   OffsetFetchRequest v8    => groups: [group_id: compact_string
 *                                 topics: compact_nullable [name partition_indexes _tagged_fields]
 *                                 _tagged_fields]
 *                               require_stable _tagged_fields
 *   OffsetFetchRequest v9    => groups: [group_id
 *                                 member_id: compact_nullable_string (default null)
 *                                 member_epoch: int32 (default -1) topics _tagged_fields]
 *                               require_stable _tagged_fields
 *
 *   OffsetFetchResponse v0-1 => topics: [name: string
 *                                 partitions: [partition_index: int32 committed_offset: int64
 *                                   metadata: nullable_string error_code: int16]]
 *   OffsetFetchResponse v2   => topics error_code: int16 (default 0)
 *   OffsetFetchResponse v3-4 => throttle_time_ms: int32 topics error_code
 *   OffsetFetchResponse v5   => throttle_time_ms
 *                               topics: [name partitions: [partition_index committed_offset
 *                                 committed_leader_epoch: int32 (default -1) metadata error_code]]
 *                               error_code
 *   OffsetFetchResponse v6-7 => the v5 fields (compact, every struct with _tagged_fields)
 *                               _tagged_fields
 *   OffsetFetchResponse v8-9 => throttle_time_ms
 *                               groups: [group_id: compact_string
 *                                 topics: [name partitions: [partition_index committed_offset
 *                                   committed_leader_epoch (default -1) metadata error_code
 *                                   _tagged_fields] _tagged_fields]
 *                                 error_code: int16 (default 0) _tagged_fields]
 *                               _tagged_fields
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface OffsetFetchRequestTopic {
  name: string;
  partitionIndexes: number[];
}

export interface OffsetFetchRequestGroup {
  groupId: string;
  memberId: string | null;
  memberEpoch: number;
  topics: OffsetFetchRequestTopic[] | null;
}

export interface OffsetFetchRequestData {
  groupId: string;
  topics: OffsetFetchRequestTopic[] | null;
  groups: OffsetFetchRequestGroup[];
  requireStable: boolean;
}

export interface OffsetFetchResponsePartition {
  partitionIndex: number;
  committedOffset: number;
  committedLeaderEpoch: number;
  metadata: string | null;
  errorCode: number;
}

export interface OffsetFetchResponseTopic {
  name: string;
  partitions: OffsetFetchResponsePartition[];
}

export interface OffsetFetchResponseGroup {
  groupId: string;
  topics: OffsetFetchResponseTopic[];
  errorCode: number;
}

export interface OffsetFetchResponseData {
  throttleTimeMs: number;
  topics: OffsetFetchResponseTopic[];
  errorCode: number;
  groups: OffsetFetchResponseGroup[];
}

export const OffsetFetchRequest = new MessageCodec<OffsetFetchRequestData>({
  name: "OffsetFetchRequest",
  apiKey: 9,
  validVersions: "0-9",
  flexibleVersions: "6+",
  fields: [
    { name: "groupId", type: "string", versions: "0-7" },
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0-7" },
        { name: "partitionIndexes", type: arrayOf("int32"), versions: "0-7" },
      )),
      versions: "0-7",
      nullable: "2-7",
    },
    {
      name: "groups",
      type: arrayOf(struct(
        { name: "groupId", type: "string", versions: "8+" },
        { name: "memberId", type: "string", versions: "9+", nullable: "9+", default: null },
        { name: "memberEpoch", type: "int32", versions: "9+", default: -1 },
        {
          name: "topics",
          type: arrayOf(struct(
            { name: "name", type: "string", versions: "8+" },
            { name: "partitionIndexes", type: arrayOf("int32"), versions: "8+" },
          )),
          versions: "8+",
          nullable: "8+",
        },
      )),
      versions: "8+",
    },
    { name: "requireStable", type: "bool", versions: "7+", default: false },
  ],
});

export const OffsetFetchResponse = new MessageCodec<OffsetFetchResponseData>({
  name: "OffsetFetchResponse",
  apiKey: 9,
  validVersions: "0-9",
  flexibleVersions: "6+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "3+" },
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0-7" },
        {
          name: "partitions",
          type: arrayOf(struct(
            { name: "partitionIndex", type: "int32", versions: "0-7" },
            { name: "committedOffset", type: "int64", versions: "0-7" },
            { name: "committedLeaderEpoch", type: "int32", versions: "5-7", default: -1 },
            { name: "metadata", type: "string", versions: "0-7", nullable: "0-7" },
            { name: "errorCode", type: "int16", versions: "0-7" },
          )),
          versions: "0-7",
        },
      )),
      versions: "0-7",
    },
    { name: "errorCode", type: "int16", versions: "2-7", default: 0 },
    {
      name: "groups",
      type: arrayOf(struct(
        { name: "groupId", type: "string", versions: "8+" },
        {
          name: "topics",
          type: arrayOf(struct(
            { name: "name", type: "string", versions: "8+" },
            {
              name: "partitions",
              type: arrayOf(struct(
                { name: "partitionIndex", type: "int32", versions: "8+" },
                { name: "committedOffset", type: "int64", versions: "8+" },
                { name: "committedLeaderEpoch", type: "int32", versions: "8+", default: -1 },
                { name: "metadata", type: "string", versions: "8+", nullable: "8+" },
                { name: "errorCode", type: "int16", versions: "8+" },
              )),
              versions: "8+",
            },
          )),
          versions: "8+",
        },
        { name: "errorCode", type: "int16", versions: "8+", default: 0 },
      )),
      versions: "8+",
    },
  ],
});
