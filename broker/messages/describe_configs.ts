/**
 * DescribeConfigs (key 32): the configuration entries of topics and brokers.
 *
 * Grammar (Kafka message definitions DescribeConfigsRequest/Response.json; flexible from v4):
 *
 *   DescribeConfigsRequest v0   => resources: [resource_type: int8, resource_name: string,
 *                                              configuration_keys: nullable [string]]
 *   DescribeConfigsRequest v1-2 => resources include_synonyms: bool
 *   DescribeConfigsRequest v3   => resources include_synonyms include_documentation: bool
 *   DescribeConfigsRequest v4   => as v3, compact strings/arrays, _tagged_fields in every struct
 *
 *   DescribeConfigsResponse v0   => throttle_time_ms: int32
 *                                   results: [error_code: int16, error_message: nullable_string,
 *                                             resource_type: int8, resource_name: string,
 *                                             configs: [name: string, value: nullable_string,
 *                                                       read_only: bool, is_default: bool,
 *                                                       is_sensitive: bool]]
 *   DescribeConfigsResponse v1-2 => throttle_time_ms
 *                                   results: [error_code, error_message, resource_type,
 *                                             resource_name,
 *                                             configs: [name, value, read_only,
 *                                                       config_source: int8 (default -1),
 *                                                       is_sensitive,
 *                                                       synonyms: [name: string,
 *                                                                  value: nullable_string,
 *                                                                  source: int8]]]
 *   DescribeConfigsResponse v3   => as v1, each config ending with config_type: int8
 *                                   documentation: nullable_string
 *   DescribeConfigsResponse v4   => as v3, compact strings/arrays, _tagged_fields in every struct
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface DescribeConfigsResource {
  resourceType: number;
  resourceName: string;
  configurationKeys: string[] | null;
}

export interface DescribeConfigsRequestData {
  resources: DescribeConfigsResource[];
  includeSynonyms: boolean;
  includeDocumentation: boolean;
}

export interface DescribeConfigsSynonym {
  name: string;
  value: string | null;
  source: number;
}

export interface DescribeConfigsResourceResult {
  name: string;
  value: string | null;
  readOnly: boolean;
  isDefault: boolean;
  configSource: number;
  isSensitive: boolean;
  synonyms: DescribeConfigsSynonym[];
  configType: number;
  documentation: string | null;
}

export interface DescribeConfigsResult {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
  configs: DescribeConfigsResourceResult[];
}

export interface DescribeConfigsResponseData {
  throttleTimeMs: number;
  results: DescribeConfigsResult[];
}

export const DescribeConfigsRequest = new MessageCodec<DescribeConfigsRequestData>({
  name: "DescribeConfigsRequest",
  apiKey: 32,
  validVersions: "0-4",
  flexibleVersions: "4+",
  fields: [
    {
      name: "resources",
      type: arrayOf(struct(
        { name: "resourceType", type: "int8", versions: "0+" },
        { name: "resourceName", type: "string", versions: "0+" },
        { name: "configurationKeys", type: arrayOf("string"), versions: "0+", nullable: "0+" },
      )),
      versions: "0+",
    },
    { name: "includeSynonyms", type: "bool", versions: "1+", default: false },
    { name: "includeDocumentation", type: "bool", versions: "3+", default: false },
  ],
});

export const DescribeConfigsResponse = new MessageCodec<DescribeConfigsResponseData>({
  name: "DescribeConfigsResponse",
  apiKey: 32,
  validVersions: "0-4",
  flexibleVersions: "4+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    {
      name: "results",
      type: arrayOf(struct(
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
        { name: "resourceType", type: "int8", versions: "0+" },
        { name: "resourceName", type: "string", versions: "0+" },
        {
          name: "configs",
          type: arrayOf(struct(
            { name: "name", type: "string", versions: "0+" },
            { name: "value", type: "string", versions: "0+", nullable: "0+" },
            { name: "readOnly", type: "bool", versions: "0+" },
            { name: "isDefault", type: "bool", versions: "0" },
            { name: "configSource", type: "int8", versions: "1+", default: -1 },
            { name: "isSensitive", type: "bool", versions: "0+" },
            {
              name: "synonyms",
              type: arrayOf(struct(
                { name: "name", type: "string", versions: "1+" },
                { name: "value", type: "string", versions: "1+", nullable: "0+" },
                { name: "source", type: "int8", versions: "1+" },
              )),
              versions: "1+",
            },
            { name: "configType", type: "int8", versions: "3+", default: 0 },
            { name: "documentation", type: "string", versions: "3+", nullable: "0+" },
          )),
          versions: "0+",
        },
      )),
      versions: "0+",
    },
  ],
});
