/**
 * IncrementalAlterConfigs (key 44): set, delete, append to or subtract from single config
 * entries (config_operation 0 = SET, 1 = DELETE, 2 = APPEND, 3 = SUBTRACT; KIP-339).
 *
 * Grammar (Kafka message definitions IncrementalAlterConfigsRequest/Response.json; flexible
 * from v1):
 *
 *   IncrementalAlterConfigsRequest v0 => resources: [resource_type: int8, resource_name: string,
 *                                                    configs: [name: string,
 *                                                              config_operation: int8,
 *                                                              value: nullable_string]]
 *                                        validate_only: bool
 *   IncrementalAlterConfigsRequest v1 => as v0, compact strings/arrays, _tagged_fields in every
 *                                        struct
 *
 *   IncrementalAlterConfigsResponse v0 => throttle_time_ms: int32
 *                                         responses: [error_code: int16,
 *                                                     error_message: nullable_string,
 *                                                     resource_type: int8,
 *                                                     resource_name: string]
 *   IncrementalAlterConfigsResponse v1 => as v0, compact strings/arrays, _tagged_fields in every
 *                                         struct
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface IncrementalAlterableConfig {
  name: string;
  configOperation: number;
  value: string | null;
}

export interface IncrementalAlterConfigsResource {
  resourceType: number;
  resourceName: string;
  configs: IncrementalAlterableConfig[];
}

export interface IncrementalAlterConfigsRequestData {
  resources: IncrementalAlterConfigsResource[];
  validateOnly: boolean;
}

export interface IncrementalAlterConfigsResourceResponse {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
}

export interface IncrementalAlterConfigsResponseData {
  throttleTimeMs: number;
  responses: IncrementalAlterConfigsResourceResponse[];
}

export const IncrementalAlterConfigsRequest = new MessageCodec<
  IncrementalAlterConfigsRequestData
>({
  name: "IncrementalAlterConfigsRequest",
  apiKey: 44,
  validVersions: "0-1",
  flexibleVersions: "1+",
  fields: [
    {
      name: "resources",
      type: arrayOf(struct(
        { name: "resourceType", type: "int8", versions: "0+" },
        { name: "resourceName", type: "string", versions: "0+" },
        {
          name: "configs",
          type: arrayOf(struct(
            { name: "name", type: "string", versions: "0+" },
            { name: "configOperation", type: "int8", versions: "0+" },
            { name: "value", type: "string", versions: "0+", nullable: "0+" },
          )),
          versions: "0+",
        },
      )),
      versions: "0+",
    },
    { name: "validateOnly", type: "bool", versions: "0+" },
  ],
});

export const IncrementalAlterConfigsResponse = new MessageCodec<
  IncrementalAlterConfigsResponseData
>({
  name: "IncrementalAlterConfigsResponse",
  apiKey: 44,
  validVersions: "0-1",
  flexibleVersions: "1+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    {
      name: "responses",
      type: arrayOf(struct(
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
        { name: "resourceType", type: "int8", versions: "0+" },
        { name: "resourceName", type: "string", versions: "0+" },
      )),
      versions: "0+",
    },
  ],
});
