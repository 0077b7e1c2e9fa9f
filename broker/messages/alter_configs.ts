/**
 * AlterConfigs (key 33): replace the whole set of dynamic configs of each resource.
 *
 * Grammar (Kafka message definitions AlterConfigsRequest/Response.json; flexible from v2):
 *
 *   AlterConfigsRequest v0-1 => resources: [resource_type: int8, resource_name: string,
 *                                           configs: [name: string, value: nullable_string]]
 *                               validate_only: bool
 *   AlterConfigsRequest v2   => as v0, compact strings/arrays, _tagged_fields in every struct
 *
 *   AlterConfigsResponse v0-1 => throttle_time_ms: int32
 *                                responses: [error_code: int16, error_message: nullable_string,
 *                                            resource_type: int8, resource_name: string]
 *   AlterConfigsResponse v2   => as v0, compact strings/arrays, _tagged_fields in every struct
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface AlterableConfig {
  name: string;
  value: string | null;
}

export interface AlterConfigsResource {
  resourceType: number;
  resourceName: string;
  configs: AlterableConfig[];
}

export interface AlterConfigsRequestData {
  resources: AlterConfigsResource[];
  validateOnly: boolean;
}

export interface AlterConfigsResourceResponse {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
}

export interface AlterConfigsResponseData {
  throttleTimeMs: number;
  responses: AlterConfigsResourceResponse[];
}

export const AlterConfigsRequest = new MessageCodec<AlterConfigsRequestData>({
  name: "AlterConfigsRequest",
  apiKey: 33,
  validVersions: "0-2",
  flexibleVersions: "2+",
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

export const AlterConfigsResponse = new MessageCodec<AlterConfigsResponseData>({
  name: "AlterConfigsResponse",
  apiKey: 33,
  validVersions: "0-2",
  flexibleVersions: "2+",
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
