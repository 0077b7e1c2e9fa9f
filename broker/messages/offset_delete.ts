/**
 * OffsetDelete (key 47): drop a group's committed offsets for some partitions (KIP-496).
 *
 * Grammar (Kafka message definitions OffsetDeleteRequest/Response.json; never flexible):
 *
 *   OffsetDeleteRequest v0  => group_id: string
 *                              topics: [name: string partitions: [partition_index: int32]]
 *
 *   OffsetDeleteResponse v0 => error_code: int16 throttle_time_ms: int32
 *                              topics: [name: string
 *                                partitions: [partition_index: int32 error_code: int16]]
 *
 * Partitions the group still consumes get GROUP_SUBSCRIBED_TO_TOPIC (86).
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface OffsetDeleteRequestTopic {
  name: string;
  partitions: { partitionIndex: number }[];
}

export interface OffsetDeleteRequestData {
  groupId: string;
  topics: OffsetDeleteRequestTopic[];
}

export interface OffsetDeleteResponsePartition {
  partitionIndex: number;
  errorCode: number;
}

export interface OffsetDeleteResponseTopic {
  name: string;
  partitions: OffsetDeleteResponsePartition[];
}

export interface OffsetDeleteResponseData {
  errorCode: number;
  throttleTimeMs: number;
  topics: OffsetDeleteResponseTopic[];
}

export const OffsetDeleteRequest = new MessageCodec<OffsetDeleteRequestData>({
  name: "OffsetDeleteRequest",
  apiKey: 47,
  validVersions: "0",
  flexibleVersions: "none",
  fields: [
    { name: "groupId", type: "string", versions: "0+" },
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0+" },
        {
          name: "partitions",
          type: arrayOf(struct({ name: "partitionIndex", type: "int32", versions: "0+" })),
          versions: "0+",
        },
      )),
      versions: "0+",
    },
  ],
});

export const OffsetDeleteResponse = new MessageCodec<OffsetDeleteResponseData>({
  name: "OffsetDeleteResponse",
  apiKey: 47,
  validVersions: "0",
  flexibleVersions: "none",
  fields: [
    { name: "errorCode", type: "int16", versions: "0+" },
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
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
