/**
 * DescribeCluster (key 60): cluster id, controller and brokers, for admin clients.
 *
 * Grammar (Kafka message definitions DescribeClusterRequest/Response.json; flexible from v0, so
 * every version uses compact strings/arrays and ends each struct with _tagged_fields):
 *
 *   DescribeClusterRequest v0 => include_cluster_authorized_operations: bool _tagged_fields
 *   DescribeClusterRequest v1 => include_cluster_authorized_operations
 *                                endpoint_type: int8 (default 1) _tagged_fields
 *
 *   DescribeClusterResponse v0 => throttle_time_ms: int32 error_code: int16
 *                                 error_message: compact_nullable_string (default null)
 *                                 cluster_id: compact_string controller_id: int32 (default -1)
 *                                 brokers: [broker_id: int32, host: compact_string, port: int32,
 *                                           rack: compact_nullable_string (default null)
 *                                           _tagged_fields]
 *                                 cluster_authorized_operations: int32 (default -2147483648)
 *                                 _tagged_fields
 *   DescribeClusterResponse v1 => throttle_time_ms error_code error_message
 *                                 endpoint_type: int8 (default 1)
 *                                 cluster_id controller_id brokers cluster_authorized_operations
 *                                 _tagged_fields
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface DescribeClusterRequestData {
  includeClusterAuthorizedOperations: boolean;
  endpointType: number;
}

export interface DescribeClusterBroker {
  brokerId: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface DescribeClusterResponseData {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  endpointType: number;
  clusterId: string;
  controllerId: number;
  brokers: DescribeClusterBroker[];
  clusterAuthorizedOperations: number;
}

export const DescribeClusterRequest = new MessageCodec<DescribeClusterRequestData>({
  name: "DescribeClusterRequest",
  apiKey: 60,
  validVersions: "0-1",
  flexibleVersions: "0+",
  fields: [
    { name: "includeClusterAuthorizedOperations", type: "bool", versions: "0+" },
    { name: "endpointType", type: "int8", versions: "1+", default: 1 },
  ],
});

export const DescribeClusterResponse = new MessageCodec<DescribeClusterResponseData>({
  name: "DescribeClusterResponse",
  apiKey: 60,
  validVersions: "0-1",
  flexibleVersions: "0+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    { name: "errorCode", type: "int16", versions: "0+" },
    { name: "errorMessage", type: "string", versions: "0+", nullable: "0+", default: null },
    { name: "endpointType", type: "int8", versions: "1+", default: 1 },
    { name: "clusterId", type: "string", versions: "0+" },
    { name: "controllerId", type: "int32", versions: "0+", default: -1 },
    {
      name: "brokers",
      type: arrayOf(struct(
        { name: "brokerId", type: "int32", versions: "0+" },
        { name: "host", type: "string", versions: "0+" },
        { name: "port", type: "int32", versions: "0+" },
        { name: "rack", type: "string", versions: "0+", nullable: "0+", default: null },
      )),
      versions: "0+",
    },
    {
      name: "clusterAuthorizedOperations",
      type: "int32",
      versions: "0+",
      default: -2147483648,
    },
  ],
});
