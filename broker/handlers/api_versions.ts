/** ApiVersions: lists exactly the APIs and versions the handler table serves. */
import type { ApiHandler } from "../api.ts";
import {
  ApiVersionsRequest,
  type ApiVersionsRequestData,
  ApiVersionsResponse,
  type ApiVersionsResponseData,
} from "../messages/api_versions.ts";
import { ErrorCode } from "../protocol/errors.ts";

export const apiVersionsHandler: ApiHandler<ApiVersionsRequestData, ApiVersionsResponseData> = {
  key: 18,
  name: "ApiVersions",
  request: ApiVersionsRequest,
  response: ApiVersionsResponse,
  handle(_req, ctx) {
    return {
      errorCode: ErrorCode.NONE,
      apiKeys: ctx.broker.apiVersionRanges(),
      throttleTimeMs: 0,
    };
  },
};
