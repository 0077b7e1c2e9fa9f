import assert from "node:assert/strict";
import {
  CreateTopicsRequest,
  type CreateTopicsRequestData,
  CreateTopicsResponse,
  type CreateTopicsResponseData,
} from "../broker/messages/create_topics.ts";
import {
  DeleteTopicsRequest,
  type DeleteTopicsRequestData,
  DeleteTopicsResponse,
  type DeleteTopicsResponseData,
} from "../broker/messages/delete_topics.ts";
import {
  CreatePartitionsRequest,
  type CreatePartitionsRequestData,
  CreatePartitionsResponse,
  type CreatePartitionsResponseData,
} from "../broker/messages/create_partitions.ts";
import {
  DeleteRecordsRequest,
  type DeleteRecordsRequestData,
  DeleteRecordsResponse,
  type DeleteRecordsResponseData,
} from "../broker/messages/delete_records.ts";
import { type MessageCodec, ZERO_UUID } from "../broker/protocol/schema.ts";

// Hand encoders for the expected bytes (big-endian; compact lengths below 127 fit one byte).
const i16 = (n: number) => [(n >> 8) & 255, n & 255];
const i32 = (n: number) => [(n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];
const i64 = (n: number) => [...i32(Math.floor(n / 2 ** 32)), ...i32(n >>> 0)];
const utf8 = (s: string) => [...new TextEncoder().encode(s)];
const str = (s: string) => [...i16(s.length), ...utf8(s)];
const cstr = (s: string) => [s.length + 1, ...utf8(s)];
const NO_TAGS = 0;
const COMPACT_NULL = 0;
// 15 zero bytes then 1, in Kafka's base64url text form.
const TOPIC_ID = "AAAAAAAAAAAAAAAAAAAAAQ";
const TOPIC_ID_BYTES = [...new Array(15).fill(0), 1];

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

// ---- CreateTopics -------------------------------------------------------------------------------

Deno.test("CreateTopics request round-trips at every version", () => {
  assert.equal(CreateTopicsRequest.minVersion, 0);
  assert.equal(CreateTopicsRequest.maxVersion, 7);
  assertRoundTrips(CreateTopicsRequest, (v): CreateTopicsRequestData => ({
    topics: [{
      name: "orders",
      numPartitions: -1,
      replicationFactor: -1,
      assignments: [{ partitionIndex: 0, brokerIds: [1] }, { partitionIndex: 1, brokerIds: [1] }],
      configs: [{ name: "cleanup.policy", value: "compact" }, {
        name: "retention.ms",
        value: null,
      }],
    }, { name: "events", numPartitions: 3, replicationFactor: 1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: v >= 1,
  }));
});

Deno.test("CreateTopics request v0 and v1 encode the known bytes", () => {
  const value: CreateTopicsRequestData = {
    topics: [{
      name: "t",
      numPartitions: 2,
      replicationFactor: 1,
      assignments: [],
      configs: [{ name: "k", value: null }],
    }],
    timeoutMs: 1000,
    validateOnly: true,
  };
  const v0 = [
    ...i32(1), // topics
    ...str("t"),
    ...i32(2), // num_partitions
    ...i16(1), // replication_factor
    ...i32(0), // assignments
    ...i32(1), // configs
    ...str("k"),
    ...i16(-1), // null value
    ...i32(1000), // timeout_ms
  ];
  assert.deepEqual([...CreateTopicsRequest.toBytes(0, value)], v0);
  assert.deepEqual([...CreateTopicsRequest.toBytes(1, value)], [...v0, 1]); // + validate_only
});

Deno.test("CreateTopics request v5 uses compact encodings", () => {
  const bytes = CreateTopicsRequest.toBytes(5, {
    topics: [{
      name: "t",
      numPartitions: 2,
      replicationFactor: 1,
      assignments: [{ partitionIndex: 0, brokerIds: [7] }],
      configs: [{ name: "k", value: null }],
    }],
    timeoutMs: 1000,
    validateOnly: false,
  });
  assert.deepEqual([...bytes], [
    2, // topics: 1 + 1
    ...cstr("t"),
    ...i32(2),
    ...i16(1),
    2, // assignments
    ...i32(0),
    2, // broker_ids
    ...i32(7),
    NO_TAGS,
    2, // configs
    ...cstr("k"),
    COMPACT_NULL,
    NO_TAGS,
    NO_TAGS, // topic
    ...i32(1000),
    0, // validate_only
    NO_TAGS,
  ]);
});

Deno.test("CreateTopics response round-trips at every version", () => {
  assertRoundTrips(CreateTopicsResponse, (v): CreateTopicsResponseData => ({
    throttleTimeMs: v >= 2 ? 250 : 0,
    topics: [{
      name: "orders",
      topicId: v >= 7 ? TOPIC_ID : ZERO_UUID,
      errorCode: 0,
      errorMessage: v >= 1 ? "created" : null,
      topicConfigErrorCode: v >= 5 ? 29 : 0,
      numPartitions: v >= 5 ? 3 : -1,
      replicationFactor: v >= 5 ? 1 : -1,
      configs: v >= 5
        ? [{
          name: "cleanup.policy",
          value: "compact",
          readOnly: false,
          configSource: 1,
          isSensitive: true,
        }, { name: "secret", value: null, readOnly: true, configSource: -1, isSensitive: true }]
        : [],
    }],
  }));
  const nullConfigs: CreateTopicsResponseData = {
    throttleTimeMs: 0,
    topics: [{
      name: "t",
      topicId: ZERO_UUID,
      errorCode: 36,
      errorMessage: null,
      topicConfigErrorCode: 0,
      numPartitions: -1,
      replicationFactor: -1,
      configs: null,
    }],
  };
  assert.deepEqual(
    CreateTopicsResponse.fromBytes(CreateTopicsResponse.toBytes(6, nullConfigs), 6),
    nullConfigs,
  );
});

Deno.test("CreateTopics response v0, v2 and v7 encode the known bytes", () => {
  const value: CreateTopicsResponseData = {
    throttleTimeMs: 9,
    topics: [{
      name: "t",
      topicId: TOPIC_ID,
      errorCode: 36,
      errorMessage: "m",
      topicConfigErrorCode: 5,
      numPartitions: 2,
      replicationFactor: 1,
      configs: [],
    }],
  };
  assert.deepEqual([...CreateTopicsResponse.toBytes(0, value)], [
    ...i32(1),
    ...str("t"),
    ...i16(36),
  ]);
  assert.deepEqual([...CreateTopicsResponse.toBytes(2, value)], [
    ...i32(9), // throttle_time_ms
    ...i32(1),
    ...str("t"),
    ...i16(36),
    ...str("m"), // error_message
  ]);
  assert.deepEqual([...CreateTopicsResponse.toBytes(7, value)], [
    ...i32(9),
    2, // topics
    ...cstr("t"),
    ...TOPIC_ID_BYTES,
    ...i16(36),
    ...cstr("m"),
    ...i32(2), // num_partitions
    ...i16(1), // replication_factor
    1, // configs: empty
    1, // topic tagged fields: 1
    0, // tag 0 topic_config_error_code
    2, // size
    ...i16(5),
    NO_TAGS,
  ]);
});

// ---- DeleteTopics -------------------------------------------------------------------------------

Deno.test("DeleteTopics request round-trips at every version", () => {
  assert.equal(DeleteTopicsRequest.maxVersion, 6);
  const full: DeleteTopicsRequestData = {
    topics: [{ name: "orders", topicId: ZERO_UUID }, { name: null, topicId: TOPIC_ID }],
    topicNames: ["orders", "events"],
    timeoutMs: 3000,
  };
  assertRoundTrips(DeleteTopicsRequest, (v): DeleteTopicsRequestData => ({
    topics: v >= 6 ? full.topics : [],
    topicNames: v <= 5 ? full.topicNames : [],
    timeoutMs: 3000,
  }), full);
});

Deno.test("DeleteTopics request v0, v4 and v6 encode the known bytes", () => {
  const value: DeleteTopicsRequestData = {
    topics: [{ name: null, topicId: TOPIC_ID }],
    topicNames: ["a", "b"],
    timeoutMs: 3000,
  };
  assert.deepEqual([...DeleteTopicsRequest.toBytes(0, value)], [
    ...i32(2),
    ...str("a"),
    ...str("b"),
    ...i32(3000),
  ]);
  assert.deepEqual([...DeleteTopicsRequest.toBytes(4, value)], [
    3,
    ...cstr("a"),
    ...cstr("b"),
    ...i32(3000),
    NO_TAGS,
  ]);
  assert.deepEqual([...DeleteTopicsRequest.toBytes(6, value)], [
    2, // topics
    COMPACT_NULL, // name
    ...TOPIC_ID_BYTES,
    NO_TAGS,
    ...i32(3000),
    NO_TAGS,
  ]);
});

Deno.test("DeleteTopics response round-trips at every version", () => {
  assertRoundTrips(DeleteTopicsResponse, (v): DeleteTopicsResponseData => ({
    throttleTimeMs: v >= 1 ? 10 : 0,
    responses: [{
      name: "orders",
      topicId: v >= 6 ? TOPIC_ID : ZERO_UUID,
      errorCode: 3,
      errorMessage: v >= 5 ? "unknown topic" : null,
    }],
  }));
  const unknownId: DeleteTopicsResponseData = {
    throttleTimeMs: 0,
    responses: [{ name: null, topicId: TOPIC_ID, errorCode: 100, errorMessage: null }],
  };
  assert.deepEqual(
    DeleteTopicsResponse.fromBytes(DeleteTopicsResponse.toBytes(6, unknownId), 6),
    unknownId,
  );
});

Deno.test("DeleteTopics response v0, v5 and v6 encode the known bytes", () => {
  const value: DeleteTopicsResponseData = {
    throttleTimeMs: 10,
    responses: [{ name: "t", topicId: TOPIC_ID, errorCode: 3, errorMessage: null }],
  };
  assert.deepEqual([...DeleteTopicsResponse.toBytes(0, value)], [
    ...i32(1),
    ...str("t"),
    ...i16(3),
  ]);
  assert.deepEqual([...DeleteTopicsResponse.toBytes(5, value)], [
    ...i32(10),
    2,
    ...cstr("t"),
    ...i16(3),
    COMPACT_NULL, // error_message
    NO_TAGS,
    NO_TAGS,
  ]);
  assert.deepEqual([...DeleteTopicsResponse.toBytes(6, value)], [
    ...i32(10),
    2,
    ...cstr("t"),
    ...TOPIC_ID_BYTES,
    ...i16(3),
    COMPACT_NULL,
    NO_TAGS,
    NO_TAGS,
  ]);
});

// ---- CreatePartitions ---------------------------------------------------------------------------

Deno.test("CreatePartitions request round-trips at every version", () => {
  assert.equal(CreatePartitionsRequest.maxVersion, 3);
  assertRoundTrips(CreatePartitionsRequest, (): CreatePartitionsRequestData => ({
    topics: [
      { name: "orders", count: 6, assignments: [{ brokerIds: [1] }, { brokerIds: [1] }] },
      { name: "events", count: 2, assignments: null },
    ],
    timeoutMs: 1000,
    validateOnly: true,
  }));
});

Deno.test("CreatePartitions request v0 and v2 encode the known bytes", () => {
  const value: CreatePartitionsRequestData = {
    topics: [{ name: "t", count: 4, assignments: null }, {
      name: "u",
      count: 2,
      assignments: [{ brokerIds: [1] }],
    }],
    timeoutMs: 1000,
    validateOnly: true,
  };
  assert.deepEqual([...CreatePartitionsRequest.toBytes(0, value)], [
    ...i32(2),
    ...str("t"),
    ...i32(4),
    ...i32(-1), // null assignments
    ...str("u"),
    ...i32(2),
    ...i32(1),
    ...i32(1),
    ...i32(1),
    ...i32(1000),
    1,
  ]);
  assert.deepEqual([...CreatePartitionsRequest.toBytes(2, value)], [
    3,
    ...cstr("t"),
    ...i32(4),
    COMPACT_NULL,
    NO_TAGS,
    ...cstr("u"),
    ...i32(2),
    2, // assignments
    2, // broker_ids
    ...i32(1),
    NO_TAGS,
    NO_TAGS,
    ...i32(1000),
    1,
    NO_TAGS,
  ]);
});

Deno.test("CreatePartitions response round-trips at every version", () => {
  assertRoundTrips(CreatePartitionsResponse, (): CreatePartitionsResponseData => ({
    throttleTimeMs: 5,
    results: [
      { name: "orders", errorCode: 37, errorMessage: "bad count" },
      { name: "events", errorCode: 0, errorMessage: null },
    ],
  }));
});

Deno.test("CreatePartitions response v1 and v3 encode the known bytes", () => {
  const value: CreatePartitionsResponseData = {
    throttleTimeMs: 5,
    results: [{ name: "t", errorCode: 37, errorMessage: null }],
  };
  assert.deepEqual([...CreatePartitionsResponse.toBytes(1, value)], [
    ...i32(5),
    ...i32(1),
    ...str("t"),
    ...i16(37),
    ...i16(-1),
  ]);
  assert.deepEqual([...CreatePartitionsResponse.toBytes(3, value)], [
    ...i32(5),
    2,
    ...cstr("t"),
    ...i16(37),
    COMPACT_NULL,
    NO_TAGS,
    NO_TAGS,
  ]);
});

// ---- DeleteRecords ------------------------------------------------------------------------------

Deno.test("DeleteRecords request round-trips at every version", () => {
  assert.equal(DeleteRecordsRequest.maxVersion, 2);
  assertRoundTrips(DeleteRecordsRequest, (): DeleteRecordsRequestData => ({
    topics: [{
      name: "orders",
      partitions: [{ partitionIndex: 0, offset: 42 }, { partitionIndex: 1, offset: -1 }],
    }],
    timeoutMs: 2000,
  }));
});

Deno.test("DeleteRecords request v0 and v2 encode the known bytes", () => {
  const value: DeleteRecordsRequestData = {
    topics: [{ name: "t", partitions: [{ partitionIndex: 1, offset: 42 }] }],
    timeoutMs: 2000,
  };
  assert.deepEqual([...DeleteRecordsRequest.toBytes(0, value)], [
    ...i32(1),
    ...str("t"),
    ...i32(1),
    ...i32(1),
    ...i64(42),
    ...i32(2000),
  ]);
  assert.deepEqual([...DeleteRecordsRequest.toBytes(2, value)], [
    2,
    ...cstr("t"),
    2,
    ...i32(1),
    ...i64(42),
    NO_TAGS,
    NO_TAGS,
    ...i32(2000),
    NO_TAGS,
  ]);
});

Deno.test("DeleteRecords response round-trips at every version", () => {
  assertRoundTrips(DeleteRecordsResponse, (): DeleteRecordsResponseData => ({
    throttleTimeMs: 0,
    topics: [{
      name: "orders",
      partitions: [
        { partitionIndex: 0, lowWatermark: 42, errorCode: 0 },
        { partitionIndex: 1, lowWatermark: -1, errorCode: 1 },
      ],
    }],
  }));
});

Deno.test("DeleteRecords response v1 and v2 encode the known bytes", () => {
  const value: DeleteRecordsResponseData = {
    throttleTimeMs: 7,
    topics: [{ name: "t", partitions: [{ partitionIndex: 1, lowWatermark: 42, errorCode: 1 }] }],
  };
  assert.deepEqual([...DeleteRecordsResponse.toBytes(1, value)], [
    ...i32(7),
    ...i32(1),
    ...str("t"),
    ...i32(1),
    ...i32(1),
    ...i64(42),
    ...i16(1),
  ]);
  assert.deepEqual([...DeleteRecordsResponse.toBytes(2, value)], [
    ...i32(7),
    2,
    ...cstr("t"),
    2,
    ...i32(1),
    ...i64(42),
    ...i16(1),
    NO_TAGS,
    NO_TAGS,
    NO_TAGS,
  ]);
});
