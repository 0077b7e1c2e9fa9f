import assert from "node:assert/strict";
import { ApiVersionsRequest, ApiVersionsResponse } from "../broker/messages/api_versions.ts";

Deno.test("ApiVersions request round-trips at every version", () => {
  for (let v = ApiVersionsRequest.minVersion; v <= ApiVersionsRequest.maxVersion; v++) {
    const value = v >= 3
      ? { clientSoftwareName: "kcat", clientSoftwareVersion: "1.7" }
      : { clientSoftwareName: "", clientSoftwareVersion: "" };
    assert.deepEqual(ApiVersionsRequest.fromBytes(ApiVersionsRequest.toBytes(v, value), v), value);
  }
});

Deno.test("ApiVersions response v3 encodes the known bytes", () => {
  const bytes = ApiVersionsResponse.toBytes(3, {
    errorCode: 0,
    apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }],
    throttleTimeMs: 0,
  });
  // error 0 | compact array of 1 (uvarint 2) | 18,0,4 | throttle 0 | api-key tags 0 | no tagged fields
  assert.deepEqual(
    [...bytes],
    [0, 0, 2, 0, 18, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0],
  );
  const back = ApiVersionsResponse.fromBytes(bytes, 3);
  assert.equal(back.apiKeys[0].maxVersion, 4);
  assert.equal((back as any).finalizedFeaturesEpoch, -1);
});

Deno.test("ApiVersions response v0 has no throttle time", () => {
  const bytes = ApiVersionsResponse.toBytes(0, {
    errorCode: 35,
    apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }],
    throttleTimeMs: 0,
  });
  assert.deepEqual([...bytes], [0, 35, 0, 0, 0, 1, 0, 18, 0, 0, 0, 4]);
});
