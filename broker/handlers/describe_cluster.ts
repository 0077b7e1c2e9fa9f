/** DescribeCluster: one broker (id 0, the advertised host and the port asked on), its controller. */
import type { ApiHandler } from "../api.ts";
import { NODE_ID } from "../broker.ts";
import {
  DescribeClusterRequest,
  type DescribeClusterRequestData,
  DescribeClusterResponse,
  type DescribeClusterResponseData,
} from "../messages/describe_cluster.ts";
import { ErrorCode } from "../protocol/errors.ts";

/** endpoint_type 1 = brokers (KIP-919); 2 = controllers, which this broker does not expose. */
const BROKERS = 1;

export const describeClusterHandler: ApiHandler<
  DescribeClusterRequestData,
  DescribeClusterResponseData
> = {
  key: 60,
  name: "DescribeCluster",
  request: DescribeClusterRequest,
  response: DescribeClusterResponse,
  handle(req, ctx) {
    const broker = ctx.broker;
    const base = {
      throttleTimeMs: 0,
      endpointType: req.endpointType,
      clusterId: broker.clusterId,
      controllerId: NODE_ID,
      clusterAuthorizedOperations: -2147483648,
    };
    if (req.endpointType !== BROKERS) {
      return {
        ...base,
        errorCode: ErrorCode.UNSUPPORTED_ENDPOINT_TYPE,
        errorMessage: "only broker endpoints (endpoint_type 1) are described",
        brokers: [],
      };
    }
    return {
      ...base,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      brokers: [{
        brokerId: NODE_ID,
        host: broker.settings.kafkaHostname,
        port: ctx.localPort,
        rack: null,
      }],
    };
  },
};
