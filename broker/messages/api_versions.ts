/**
 * ApiVersions (key 18): which APIs and versions this broker serves.
 *
 * Grammar (Kafka message definitions ApiVersionsRequest/Response.json; flexible from v3):
 *
 *   ApiVersionsRequest v0-2  => (empty)
 *   ApiVersionsRequest v3-4  => client_software_name: compact_string
 *                               client_software_version: compact_string
 *                               _tagged_fields
 *
 *   ApiVersionsResponse v0   => error_code: int16
 *                               api_keys: [api_key: int16, min_version: int16, max_version: int16]
 *   ApiVersionsResponse v1-2 => error_code api_keys throttle_time_ms: int32
 *   ApiVersionsResponse v3-4 => error_code api_keys(compact) throttle_time_ms _tagged_fields
 *                               tagged 0: supported_features: [name, min_version, max_version]
 *                               tagged 1: finalized_features_epoch: int64 (default -1)
 *                               tagged 2: finalized_features: [name, max_version_level, min_version_level]
 *                               tagged 3: zk_migration_ready: bool
 *
 * The response header is always v0 (no tagged fields), even for flexible versions, so that a
 * client can read it before it knows what we support (KIP-511).
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface ApiVersionsRequestData {
  clientSoftwareName: string;
  clientSoftwareVersion: string;
}

export interface ApiVersionRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

export interface ApiVersionsResponseData {
  errorCode: number;
  apiKeys: ApiVersionRange[];
  throttleTimeMs: number;
}

export const ApiVersionsRequest = new MessageCodec<ApiVersionsRequestData>({
  name: "ApiVersionsRequest",
  apiKey: 18,
  validVersions: "0-4",
  flexibleVersions: "3+",
  fields: [
    { name: "clientSoftwareName", type: "string", versions: "3+" },
    { name: "clientSoftwareVersion", type: "string", versions: "3+" },
  ],
});

export const ApiVersionsResponse = new MessageCodec<ApiVersionsResponseData>({
  name: "ApiVersionsResponse",
  apiKey: 18,
  validVersions: "0-4",
  flexibleVersions: "3+",
  fields: [
    { name: "errorCode", type: "int16", versions: "0+" },
    {
      name: "apiKeys",
      type: arrayOf(struct(
        { name: "apiKey", type: "int16", versions: "0+" },
        { name: "minVersion", type: "int16", versions: "0+" },
        { name: "maxVersion", type: "int16", versions: "0+" },
      )),
      versions: "0+",
    },
    { name: "throttleTimeMs", type: "int32", versions: "1+" },
    {
      name: "supportedFeatures",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "3+" },
        { name: "minVersion", type: "int16", versions: "3+" },
        { name: "maxVersion", type: "int16", versions: "3+" },
      )),
      versions: "3+",
      tagged: "3+",
      tag: 0,
    },
    {
      name: "finalizedFeaturesEpoch",
      type: "int64",
      versions: "3+",
      tagged: "3+",
      tag: 1,
      default: -1,
    },
    {
      name: "finalizedFeatures",
      type: arrayOf(struct(
        { name: "name", type: "string", versions: "3+" },
        { name: "maxVersionLevel", type: "int16", versions: "3+" },
        { name: "minVersionLevel", type: "int16", versions: "3+" },
      )),
      versions: "3+",
      tagged: "3+",
      tag: 2,
    },
    {
      name: "zkMigrationReady",
      type: "bool",
      versions: "3+",
      tagged: "3+",
      tag: 3,
      default: false,
    },
  ],
});
