import assert from "node:assert/strict";
import {
  DescribeConfigsRequest,
  type DescribeConfigsRequestData,
  DescribeConfigsResponse,
  type DescribeConfigsResponseData,
} from "../broker/messages/describe_configs.ts";
import {
  AlterConfigsRequest,
  type AlterConfigsRequestData,
  AlterConfigsResponse,
  type AlterConfigsResponseData,
} from "../broker/messages/alter_configs.ts";
import {
  IncrementalAlterConfigsRequest,
  type IncrementalAlterConfigsRequestData,
  IncrementalAlterConfigsResponse,
  type IncrementalAlterConfigsResponseData,
} from "../broker/messages/incremental_alter_configs.ts";
import type { MessageCodec } from "../broker/protocol/schema.ts";

// Hand encoders for the expected bytes (big-endian; compact lengths below 127 fit one byte).
const i8 = (n: number) => [n & 255];
const i16 = (n: number) => [(n >> 8) & 255, n & 255];
const i32 = (n: number) => [(n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];
const utf8 = (s: string) => [...new TextEncoder().encode(s)];
const str = (s: string) => [...i16(s.length), ...utf8(s)];
const cstr = (s: string) => [s.length + 1, ...utf8(s)];
const NO_TAGS = 0;
const COMPACT_NULL = 0;
const TOPIC = 2; // resource type
const BROKER = 4;

/**
 * Encodes `full` (by default the newest version's value) at every version and expects `at(v)`:
 * the fields that version carries, and defaults for the rest.
 */
function assertRoundTrips<T>(
  codec: MessageCodec<T>,
  at: (version: number) => T,
  full: T = at(codec.maxVersion),
): void {
  for (let v = codec.minVersion; v <= codec.maxVersion; v++) {
    assert.deepEqual(
      codec.fromBytes(codec.toBytes(v, full), v),
      at(v),
      `${codec.schema.name} v${v}`,
    );
  }
}

// ---- DescribeConfigs ----------------------------------------------------------------------------

Deno.test("DescribeConfigs request round-trips at every version", () => {
  assert.equal(DescribeConfigsRequest.minVersion, 0);
  assert.equal(DescribeConfigsRequest.maxVersion, 4);
  assertRoundTrips(DescribeConfigsRequest, (v): DescribeConfigsRequestData => ({
    resources: [
      { resourceType: TOPIC, resourceName: "orders", configurationKeys: ["retention.ms"] },
      { resourceType: BROKER, resourceName: "1", configurationKeys: null },
    ],
    includeSynonyms: v >= 1,
    includeDocumentation: v >= 3,
  }));
});

Deno.test("DescribeConfigs request v0, v3 and v4 encode the known bytes", () => {
  const value: DescribeConfigsRequestData = {
    resources: [{ resourceType: TOPIC, resourceName: "t", configurationKeys: ["k"] }],
    includeSynonyms: true,
    includeDocumentation: true,
  };
  assert.deepEqual([...DescribeConfigsRequest.toBytes(0, value)], [
    ...i32(1),
    ...i8(TOPIC),
    ...str("t"),
    ...i32(1),
    ...str("k"),
  ]);
  assert.deepEqual([...DescribeConfigsRequest.toBytes(3, value)], [
    ...i32(1),
    ...i8(TOPIC),
    ...str("t"),
    ...i32(1),
    ...str("k"),
    1, // include_synonyms
    1, // include_documentation
  ]);
  const allKeys = { ...value, resources: [{ ...value.resources[0], configurationKeys: null }] };
  assert.deepEqual([...DescribeConfigsRequest.toBytes(4, allKeys)], [
    2,
    ...i8(TOPIC),
    ...cstr("t"),
    COMPACT_NULL, // configuration_keys: all
    NO_TAGS,
    1,
    1,
    NO_TAGS,
  ]);
});

Deno.test("DescribeConfigs response round-trips at every version", () => {
  const at = (v: number): DescribeConfigsResponseData => ({
    throttleTimeMs: 12,
    results: [{
      errorCode: 0,
      errorMessage: null,
      resourceType: TOPIC,
      resourceName: "orders",
      configs: [{
        name: "retention.ms",
        value: "604800000",
        readOnly: false,
        isDefault: v === 0,
        configSource: v >= 1 ? 5 : -1,
        isSensitive: false,
        synonyms: v >= 1
          ? [
            { name: "retention.ms", value: "604800000", source: 5 },
            { name: "log.retention.ms", value: null, source: 4 },
          ]
          : [],
        configType: v >= 3 ? 5 : 0,
        documentation: v >= 3 ? "How long to keep a log" : null,
      }],
    }, {
      errorCode: 3,
      errorMessage: "no such topic",
      resourceType: TOPIC,
      resourceName: "missing",
      configs: [],
    }],
  });
  // The full value also sets is_default, which only v0 carries.
  const full = at(DescribeConfigsResponse.maxVersion);
  full.results[0].configs[0].isDefault = true;
  assertRoundTrips(DescribeConfigsResponse, at, full);
});

Deno.test("DescribeConfigs response v0, v1 and v4 encode the known bytes", () => {
  const value: DescribeConfigsResponseData = {
    throttleTimeMs: 0,
    results: [{
      errorCode: 0,
      errorMessage: null,
      resourceType: TOPIC,
      resourceName: "t",
      configs: [{
        name: "k",
        value: "v",
        readOnly: false,
        isDefault: true,
        configSource: 5,
        isSensitive: false,
        synonyms: [{ name: "s", value: null, source: 4 }],
        configType: 2,
        documentation: null,
      }],
    }],
  };
  const head = [...i32(0), ...i32(1), ...i16(0), ...i16(-1), ...i8(TOPIC), ...str("t"), ...i32(1)];
  assert.deepEqual([...DescribeConfigsResponse.toBytes(0, value)], [
    ...head,
    ...str("k"),
    ...str("v"),
    0, // read_only
    1, // is_default (v0 only)
    0, // is_sensitive
  ]);
  assert.deepEqual([...DescribeConfigsResponse.toBytes(1, value)], [
    ...head,
    ...str("k"),
    ...str("v"),
    0, // read_only
    ...i8(5), // config_source
    0, // is_sensitive
    ...i32(1), // synonyms
    ...str("s"),
    ...i16(-1),
    ...i8(4),
  ]);
  assert.deepEqual([...DescribeConfigsResponse.toBytes(4, value)], [
    ...i32(0),
    2, // results
    ...i16(0),
    COMPACT_NULL, // error_message
    ...i8(TOPIC),
    ...cstr("t"),
    2, // configs
    ...cstr("k"),
    ...cstr("v"),
    0,
    ...i8(5),
    0,
    2, // synonyms
    ...cstr("s"),
    COMPACT_NULL,
    ...i8(4),
    NO_TAGS,
    ...i8(2), // config_type
    COMPACT_NULL, // documentation
    NO_TAGS, // config
    NO_TAGS, // result
    NO_TAGS,
  ]);
});

// ---- AlterConfigs -------------------------------------------------------------------------------

Deno.test("AlterConfigs request round-trips at every version", () => {
  assert.equal(AlterConfigsRequest.maxVersion, 2);
  assertRoundTrips(AlterConfigsRequest, (): AlterConfigsRequestData => ({
    resources: [{
      resourceType: TOPIC,
      resourceName: "orders",
      configs: [{ name: "retention.ms", value: "1000" }, { name: "cleanup.policy", value: null }],
    }, { resourceType: BROKER, resourceName: "1", configs: [] }],
    validateOnly: true,
  }));
});

Deno.test("AlterConfigs request v0 and v2 encode the known bytes", () => {
  const value: AlterConfigsRequestData = {
    resources: [{ resourceType: TOPIC, resourceName: "t", configs: [{ name: "k", value: null }] }],
    validateOnly: true,
  };
  assert.deepEqual([...AlterConfigsRequest.toBytes(0, value)], [
    ...i32(1),
    ...i8(TOPIC),
    ...str("t"),
    ...i32(1),
    ...str("k"),
    ...i16(-1),
    1,
  ]);
  assert.deepEqual([...AlterConfigsRequest.toBytes(2, value)], [
    2,
    ...i8(TOPIC),
    ...cstr("t"),
    2,
    ...cstr("k"),
    COMPACT_NULL,
    NO_TAGS,
    NO_TAGS,
    1,
    NO_TAGS,
  ]);
});

Deno.test("AlterConfigs response round-trips at every version", () => {
  assertRoundTrips(AlterConfigsResponse, (): AlterConfigsResponseData => ({
    throttleTimeMs: 3,
    responses: [
      { errorCode: 0, errorMessage: null, resourceType: TOPIC, resourceName: "orders" },
      { errorCode: 40, errorMessage: "bad value", resourceType: BROKER, resourceName: "1" },
    ],
  }));
});

Deno.test("AlterConfigs response v1 and v2 encode the known bytes", () => {
  const value: AlterConfigsResponseData = {
    throttleTimeMs: 3,
    responses: [{ errorCode: 40, errorMessage: "m", resourceType: TOPIC, resourceName: "t" }],
  };
  assert.deepEqual([...AlterConfigsResponse.toBytes(1, value)], [
    ...i32(3),
    ...i32(1),
    ...i16(40),
    ...str("m"),
    ...i8(TOPIC),
    ...str("t"),
  ]);
  assert.deepEqual([...AlterConfigsResponse.toBytes(2, value)], [
    ...i32(3),
    2,
    ...i16(40),
    ...cstr("m"),
    ...i8(TOPIC),
    ...cstr("t"),
    NO_TAGS,
    NO_TAGS,
  ]);
});

// ---- IncrementalAlterConfigs --------------------------------------------------------------------

Deno.test("IncrementalAlterConfigs request round-trips at every version", () => {
  assert.equal(IncrementalAlterConfigsRequest.maxVersion, 1);
  assertRoundTrips(IncrementalAlterConfigsRequest, (): IncrementalAlterConfigsRequestData => ({
    resources: [{
      resourceType: TOPIC,
      resourceName: "orders",
      configs: [
        { name: "retention.ms", configOperation: 0, value: "1000" },
        { name: "cleanup.policy", configOperation: 1, value: null },
      ],
    }],
    validateOnly: false,
  }));
});

Deno.test("IncrementalAlterConfigs request v0 and v1 encode the known bytes", () => {
  const value: IncrementalAlterConfigsRequestData = {
    resources: [{
      resourceType: TOPIC,
      resourceName: "t",
      configs: [{ name: "k", configOperation: 1, value: null }],
    }],
    validateOnly: false,
  };
  assert.deepEqual([...IncrementalAlterConfigsRequest.toBytes(0, value)], [
    ...i32(1),
    ...i8(TOPIC),
    ...str("t"),
    ...i32(1),
    ...str("k"),
    ...i8(1), // DELETE
    ...i16(-1),
    0,
  ]);
  assert.deepEqual([...IncrementalAlterConfigsRequest.toBytes(1, value)], [
    2,
    ...i8(TOPIC),
    ...cstr("t"),
    2,
    ...cstr("k"),
    ...i8(1),
    COMPACT_NULL,
    NO_TAGS,
    NO_TAGS,
    0,
    NO_TAGS,
  ]);
});

Deno.test("IncrementalAlterConfigs response round-trips at every version", () => {
  assertRoundTrips(IncrementalAlterConfigsResponse, (): IncrementalAlterConfigsResponseData => ({
    throttleTimeMs: 0,
    responses: [
      { errorCode: 0, errorMessage: null, resourceType: TOPIC, resourceName: "orders" },
      { errorCode: 42, errorMessage: "invalid request", resourceType: BROKER, resourceName: "1" },
    ],
  }));
});

Deno.test("IncrementalAlterConfigs response v0 and v1 encode the known bytes", () => {
  const value: IncrementalAlterConfigsResponseData = {
    throttleTimeMs: 1,
    responses: [{ errorCode: 0, errorMessage: null, resourceType: BROKER, resourceName: "1" }],
  };
  assert.deepEqual([...IncrementalAlterConfigsResponse.toBytes(0, value)], [
    ...i32(1),
    ...i32(1),
    ...i16(0),
    ...i16(-1),
    ...i8(BROKER),
    ...str("1"),
  ]);
  assert.deepEqual([...IncrementalAlterConfigsResponse.toBytes(1, value)], [
    ...i32(1),
    2,
    ...i16(0),
    COMPACT_NULL,
    ...i8(BROKER),
    ...cstr("1"),
    NO_TAGS,
    NO_TAGS,
  ]);
});
