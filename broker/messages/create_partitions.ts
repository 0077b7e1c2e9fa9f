/**
 * CreatePartitions (key 37): raise the partition count of existing topics.
 *
 * Grammar (Kafka message definitions CreatePartitionsRequest/Response.json; flexible from v2):
 *
 *   CreatePartitionsRequest v0-1 => topics: [name: string, count: int32,
 *                                            assignments: nullable [broker_ids: [int32]]]
 *                                   timeout_ms: int32 validate_only: bool
 *   CreatePartitionsRequest v2-3 => as v0, compact strings/arrays, _tagged_fields in every struct
 *
 *   CreatePartitionsResponse v0-1 => throttle_time_ms: int32
 *                                    results: [name: string, error_code: int16,
 *                                              error_message: nullable_string (default null)]
 *   CreatePartitionsResponse v2-3 => as v0, compact strings/arrays, _tagged_fields in every struct
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface CreatePartitionsAssignment {
  brokerIds: number[];
}

export interface CreatePartitionsTopic {
  name: string;
  count: number;
  assignments: CreatePartitionsAssignment[] | null;
}

export interface CreatePartitionsRequestData {
  topics: CreatePartitionsTopic[];
  timeoutMs: number;
  validateOnly: boolean;
}

export interface CreatePartitionsTopicResult {
  name: string;
  errorCode: number;
  errorMessage: string | null;
}

export interface CreatePartitionsResponseData {
  throttleTimeMs: number;
  results: CreatePartitionsTopicResult[];
}

export const CreatePartitionsRequest = new MessageCodec<CreatePartitionsRequestData>({
  name: "CreatePartitionsRequest",
  apiKey: 37,
  validVersions: "0-3",
  flexibleVersions: "2+",
  fields: [
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0+" },
        { name: "count", type: "int32", versions: "0+" },
        {
          name: "assignments",
          type: arrayOf(struct(
            { name: "brokerIds", type: arrayOf("int32"), versions: "0+" },
          )),
          versions: "0+",
          nullable: "0+",
        },
      )),
      versions: "0+",
    },
    { name: "timeoutMs", type: "int32", versions: "0+" },
    { name: "validateOnly", type: "bool", versions: "0+" },
  ],
});

export const CreatePartitionsResponse = new MessageCodec<CreatePartitionsResponseData>({
  name: "CreatePartitionsResponse",
  apiKey: 37,
  validVersions: "0-3",
  flexibleVersions: "2+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    {
      name: "results",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0+" },
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "0+", nullable: "0+", default: null },
      )),
      versions: "0+",
    },
  ],
});
