/**
 * DeleteRecords (key 21): move a partition's log start offset forward (purge).
 *
 * Grammar (Kafka message definitions DeleteRecordsRequest/Response.json; flexible from v2):
 *
 *   DeleteRecordsRequest v0-1 => topics: [name: string,
 *                                         partitions: [partition_index: int32, offset: int64]]
 *                                timeout_ms: int32
 *   DeleteRecordsRequest v2   => as v0, compact strings/arrays, _tagged_fields in every struct
 *
 *   DeleteRecordsResponse v0-1 => throttle_time_ms: int32
 *                                 topics: [name: string,
 *                                          partitions: [partition_index: int32,
 *                                                       low_watermark: int64, error_code: int16]]
 *   DeleteRecordsResponse v2   => as v0, compact strings/arrays, _tagged_fields in every struct
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface DeleteRecordsPartition {
  partitionIndex: number;
  offset: number;
}

export interface DeleteRecordsTopic {
  name: string;
  partitions: DeleteRecordsPartition[];
}

export interface DeleteRecordsRequestData {
  topics: DeleteRecordsTopic[];
  timeoutMs: number;
}

export interface DeleteRecordsPartitionResult {
  partitionIndex: number;
  lowWatermark: number;
  errorCode: number;
}

export interface DeleteRecordsTopicResult {
  name: string;
  partitions: DeleteRecordsPartitionResult[];
}

export interface DeleteRecordsResponseData {
  throttleTimeMs: number;
  topics: DeleteRecordsTopicResult[];
}

export const DeleteRecordsRequest = new MessageCodec<DeleteRecordsRequestData>({
  name: "DeleteRecordsRequest",
  apiKey: 21,
  validVersions: "0-2",
  flexibleVersions: "2+",
  fields: [
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0+" },
        {
          name: "partitions",
          type: arrayOf(struct(
            { name: "partitionIndex", type: "int32", versions: "0+" },
            { name: "offset", type: "int64", versions: "0+" },
          )),
          versions: "0+",
        },
      )),
      versions: "0+",
    },
    { name: "timeoutMs", type: "int32", versions: "0+" },
  ],
});

export const DeleteRecordsResponse = new MessageCodec<DeleteRecordsResponseData>({
  name: "DeleteRecordsResponse",
  apiKey: 21,
  validVersions: "0-2",
  flexibleVersions: "2+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0+" },
        {
          name: "partitions",
          type: arrayOf(struct(
            { name: "partitionIndex", type: "int32", versions: "0+" },
            { name: "lowWatermark", type: "int64", versions: "0+" },
            { name: "errorCode", type: "int16", versions: "0+" },
          )),
          versions: "0+",
        },
      )),
      versions: "0+",
    },
  ],
});
