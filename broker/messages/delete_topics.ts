/**
 * DeleteTopics (key 20): delete topics by name or (v6+) by topic id.
 *
 * Grammar (Kafka message definitions DeleteTopicsRequest/Response.json; flexible from v4):
 *
 *   DeleteTopicsRequest v0-3 => topic_names: [string] timeout_ms: int32
 *   DeleteTopicsRequest v4-5 => topic_names: compact [compact_string] timeout_ms _tagged_fields
 *   DeleteTopicsRequest v6   => topics: [name: nullable_string (default null), topic_id: uuid]
 *                               timeout_ms _tagged_fields (compact encodings throughout)
 *
 *   DeleteTopicsResponse v0   => responses: [name: string, error_code: int16]
 *   DeleteTopicsResponse v1-3 => throttle_time_ms: int32 responses
 *   DeleteTopicsResponse v4   => throttle_time_ms responses(compact) _tagged_fields
 *   DeleteTopicsResponse v5   => throttle_time_ms
 *                                responses: [name, error_code,
 *                                            error_message: nullable_string (default null)]
 *                                _tagged_fields
 *   DeleteTopicsResponse v6   => throttle_time_ms
 *                                responses: [name: nullable_string, topic_id: uuid, error_code,
 *                                            error_message]
 *                                _tagged_fields
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface DeleteTopicState {
  name: string | null;
  topicId: string;
}

export interface DeleteTopicsRequestData {
  topics: DeleteTopicState[];
  topicNames: string[];
  timeoutMs: number;
}

export interface DeletableTopicResult {
  name: string | null;
  topicId: string;
  errorCode: number;
  errorMessage: string | null;
}

export interface DeleteTopicsResponseData {
  throttleTimeMs: number;
  responses: DeletableTopicResult[];
}

export const DeleteTopicsRequest = new MessageCodec<DeleteTopicsRequestData>({
  name: "DeleteTopicsRequest",
  apiKey: 20,
  validVersions: "0-6",
  flexibleVersions: "4+",
  fields: [
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "6+", nullable: "6+", default: null },
        { name: "topicId", type: "uuid", versions: "6+" },
      )),
      versions: "6+",
    },
    { name: "topicNames", type: arrayOf("string"), versions: "0-5" },
    { name: "timeoutMs", type: "int32", versions: "0+" },
  ],
});

export const DeleteTopicsResponse = new MessageCodec<DeleteTopicsResponseData>({
  name: "DeleteTopicsResponse",
  apiKey: 20,
  validVersions: "0-6",
  flexibleVersions: "4+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "1+" },
    {
      name: "responses",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "0+", nullable: "6+" },
        { name: "topicId", type: "uuid", versions: "6+" },
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "5+", nullable: "5+", default: null },
      )),
      versions: "0+",
    },
  ],
});
