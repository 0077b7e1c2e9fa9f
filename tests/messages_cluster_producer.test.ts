import assert from "node:assert/strict";
import {
  DescribeClusterRequest,
  type DescribeClusterRequestData,
  DescribeClusterResponse,
  type DescribeClusterResponseData,
} from "../broker/messages/describe_cluster.ts";
import {
  InitProducerIdRequest,
  type InitProducerIdRequestData,
  InitProducerIdResponse,
  type InitProducerIdResponseData,
} from "../broker/messages/init_producer_id.ts";
import {
  OffsetForLeaderEpochRequest,
  type OffsetForLeaderEpochRequestData,
  OffsetForLeaderEpochResponse,
  type OffsetForLeaderEpochResponseData,
} from "../broker/messages/offset_for_leader_epoch.ts";
import {
  SaslHandshakeRequest,
  SaslHandshakeResponse,
  type SaslHandshakeResponseData,
} from "../broker/messages/sasl_handshake.ts";
import type { MessageCodec } from "../broker/protocol/schema.ts";

// Hand encoders for the expected bytes (big-endian; compact lengths below 127 fit one byte).
const i8 = (n: number) => [n & 255];
const i16 = (n: number) => [(n >> 8) & 255, n & 255];
const i32 = (n: number) => [(n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];
const i64 = (n: number) => [...i32(Math.floor(n / 2 ** 32)), ...i32(n >>> 0)];
const utf8 = (s: string) => [...new TextEncoder().encode(s)];
const str = (s: string) => [...i16(s.length), ...utf8(s)];
const cstr = (s: string) => [s.length + 1, ...utf8(s)];
const NO_TAGS = 0;
const COMPACT_NULL = 0;

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

// ---- DescribeCluster ----------------------------------------------------------------------------

Deno.test("DescribeCluster request round-trips at every version", () => {
  assert.equal(DescribeClusterRequest.minVersion, 0);
  assert.equal(DescribeClusterRequest.maxVersion, 1);
  assertRoundTrips(DescribeClusterRequest, (v): DescribeClusterRequestData => ({
    includeClusterAuthorizedOperations: true,
    endpointType: v >= 1 ? 2 : 1,
  }));
});

Deno.test("DescribeCluster request is flexible from v0", () => {
  const value = { includeClusterAuthorizedOperations: true, endpointType: 2 };
  assert.deepEqual([...DescribeClusterRequest.toBytes(0, value)], [1, NO_TAGS]);
  assert.deepEqual([...DescribeClusterRequest.toBytes(1, value)], [1, ...i8(2), NO_TAGS]);
});

Deno.test("DescribeCluster response round-trips at every version", () => {
  assertRoundTrips(DescribeClusterResponse, (v): DescribeClusterResponseData => ({
    throttleTimeMs: 0,
    errorCode: 0,
    errorMessage: null,
    endpointType: v >= 1 ? 2 : 1,
    clusterId: "blink-cluster",
    controllerId: 1,
    brokers: [
      { brokerId: 1, host: "localhost", port: 9092, rack: null },
      { brokerId: 2, host: "10.0.0.2", port: 9093, rack: "eu-west-1a" },
    ],
    clusterAuthorizedOperations: -2147483648,
  }));
});

Deno.test("DescribeCluster response v0 and v1 use compact encodings", () => {
  const value: DescribeClusterResponseData = {
    throttleTimeMs: 0,
    errorCode: 0,
    errorMessage: null,
    endpointType: 1,
    clusterId: "c",
    controllerId: 1,
    brokers: [{ brokerId: 1, host: "h", port: 9092, rack: null }],
    clusterAuthorizedOperations: -2147483648,
  };
  const brokers = [2, ...i32(1), ...cstr("h"), ...i32(9092), COMPACT_NULL, NO_TAGS];
  assert.deepEqual([...DescribeClusterResponse.toBytes(0, value)], [
    ...i32(0),
    ...i16(0),
    COMPACT_NULL, // error_message
    ...cstr("c"),
    ...i32(1), // controller_id
    ...brokers,
    ...i32(-2147483648), // cluster_authorized_operations: 0x80000000
    NO_TAGS,
  ]);
  assert.deepEqual([...DescribeClusterResponse.toBytes(1, value)], [
    ...i32(0),
    ...i16(0),
    COMPACT_NULL,
    ...i8(1), // endpoint_type
    ...cstr("c"),
    ...i32(1),
    ...brokers,
    ...i32(-2147483648),
    NO_TAGS,
  ]);
});

// ---- InitProducerId -----------------------------------------------------------------------------

Deno.test("InitProducerId request round-trips at every version", () => {
  assert.equal(InitProducerIdRequest.maxVersion, 5);
  assertRoundTrips(InitProducerIdRequest, (v): InitProducerIdRequestData => ({
    transactionalId: "tx-1",
    transactionTimeoutMs: 60000,
    producerId: v >= 3 ? 1000 : -1,
    producerEpoch: v >= 3 ? 3 : -1,
  }));
  const idempotent = {
    transactionalId: null,
    transactionTimeoutMs: 0,
    producerId: -1,
    producerEpoch: -1,
  };
  for (const v of [0, 2, 5]) {
    assert.deepEqual(
      InitProducerIdRequest.fromBytes(InitProducerIdRequest.toBytes(v, idempotent), v),
      idempotent,
    );
  }
});

Deno.test("InitProducerId request v1, v2 and v3 encode the known bytes", () => {
  const value: InitProducerIdRequestData = {
    transactionalId: null,
    transactionTimeoutMs: 60000,
    producerId: 1000,
    producerEpoch: 3,
  };
  assert.deepEqual([...InitProducerIdRequest.toBytes(1, value)], [...i16(-1), ...i32(60000)]);
  assert.deepEqual([...InitProducerIdRequest.toBytes(2, { ...value, transactionalId: "x" })], [
    ...cstr("x"),
    ...i32(60000),
    NO_TAGS,
  ]);
  assert.deepEqual([...InitProducerIdRequest.toBytes(3, value)], [
    COMPACT_NULL,
    ...i32(60000),
    ...i64(1000),
    ...i16(3),
    NO_TAGS,
  ]);
});

Deno.test("InitProducerId response round-trips at every version", () => {
  assertRoundTrips(InitProducerIdResponse, (): InitProducerIdResponseData => ({
    throttleTimeMs: 0,
    errorCode: 0,
    producerId: 2 ** 40,
    producerEpoch: 7,
  }));
});

Deno.test("InitProducerId response v1 and v4 encode the known bytes", () => {
  const value = { throttleTimeMs: 2, errorCode: 0, producerId: 1000, producerEpoch: 0 };
  const body = [...i32(2), ...i16(0), ...i64(1000), ...i16(0)];
  assert.deepEqual([...InitProducerIdResponse.toBytes(1, value)], body);
  assert.deepEqual([...InitProducerIdResponse.toBytes(4, value)], [...body, NO_TAGS]);
});

// ---- OffsetForLeaderEpoch -----------------------------------------------------------------------

Deno.test("OffsetForLeaderEpoch request round-trips at every version", () => {
  assert.equal(OffsetForLeaderEpochRequest.minVersion, 0);
  assert.equal(OffsetForLeaderEpochRequest.maxVersion, 4);
  assertRoundTrips(OffsetForLeaderEpochRequest, (v): OffsetForLeaderEpochRequestData => ({
    replicaId: v >= 3 ? -1 : -2,
    topics: [{
      topic: "orders",
      partitions: [
        { partition: 0, currentLeaderEpoch: v >= 2 ? 5 : -1, leaderEpoch: 4 },
        { partition: 1, currentLeaderEpoch: v >= 2 ? 5 : -1, leaderEpoch: 5 },
      ],
    }],
  }));
});

Deno.test("OffsetForLeaderEpoch request v0, v2, v3 and v4 encode the known bytes", () => {
  const value: OffsetForLeaderEpochRequestData = {
    replicaId: -1,
    topics: [{ topic: "t", partitions: [{ partition: 0, currentLeaderEpoch: 5, leaderEpoch: 4 }] }],
  };
  assert.deepEqual([...OffsetForLeaderEpochRequest.toBytes(0, value)], [
    ...i32(1),
    ...str("t"),
    ...i32(1),
    ...i32(0), // partition
    ...i32(4), // leader_epoch
  ]);
  const v2 = [...i32(1), ...str("t"), ...i32(1), ...i32(0), ...i32(5), ...i32(4)];
  assert.deepEqual([...OffsetForLeaderEpochRequest.toBytes(2, value)], v2);
  assert.deepEqual([...OffsetForLeaderEpochRequest.toBytes(3, value)], [...i32(-1), ...v2]);
  assert.deepEqual([...OffsetForLeaderEpochRequest.toBytes(4, value)], [
    ...i32(-1), // replica_id
    2,
    ...cstr("t"),
    2,
    ...i32(0),
    ...i32(5),
    ...i32(4),
    NO_TAGS,
    NO_TAGS,
    NO_TAGS,
  ]);
});

Deno.test("OffsetForLeaderEpoch response round-trips at every version", () => {
  assertRoundTrips(OffsetForLeaderEpochResponse, (v): OffsetForLeaderEpochResponseData => ({
    throttleTimeMs: v >= 2 ? 4 : 0,
    topics: [{
      topic: "orders",
      partitions: [
        { errorCode: 0, partition: 0, leaderEpoch: v >= 1 ? 5 : -1, endOffset: 1000 },
        { errorCode: 74, partition: 1, leaderEpoch: -1, endOffset: -1 },
      ],
    }],
  }));
});

Deno.test("OffsetForLeaderEpoch response v0, v1 and v4 encode the known bytes", () => {
  const value: OffsetForLeaderEpochResponseData = {
    throttleTimeMs: 4,
    topics: [{
      topic: "t",
      partitions: [{ errorCode: 0, partition: 2, leaderEpoch: 5, endOffset: 100 }],
    }],
  };
  assert.deepEqual([...OffsetForLeaderEpochResponse.toBytes(0, value)], [
    ...i32(1),
    ...str("t"),
    ...i32(1),
    ...i16(0),
    ...i32(2),
    ...i64(100),
  ]);
  assert.deepEqual([...OffsetForLeaderEpochResponse.toBytes(1, value)], [
    ...i32(1),
    ...str("t"),
    ...i32(1),
    ...i16(0),
    ...i32(2),
    ...i32(5), // leader_epoch
    ...i64(100),
  ]);
  assert.deepEqual([...OffsetForLeaderEpochResponse.toBytes(4, value)], [
    ...i32(4), // throttle_time_ms
    2,
    ...cstr("t"),
    2,
    ...i16(0),
    ...i32(2),
    ...i32(5),
    ...i64(100),
    NO_TAGS,
    NO_TAGS,
    NO_TAGS,
  ]);
});

// ---- SaslHandshake ------------------------------------------------------------------------------

Deno.test("SaslHandshake round-trips at every version", () => {
  assert.equal(SaslHandshakeRequest.maxVersion, 1);
  assertRoundTrips(SaslHandshakeRequest, () => ({ mechanism: "SCRAM-SHA-256" }));
  assertRoundTrips(SaslHandshakeResponse, (): SaslHandshakeResponseData => ({
    errorCode: 33,
    mechanisms: ["PLAIN", "SCRAM-SHA-256"],
  }));
});

Deno.test("SaslHandshake keeps classic encodings at every version", () => {
  for (const v of [0, 1]) {
    assert.equal(SaslHandshakeRequest.isFlexible(v), false);
    assert.deepEqual([...SaslHandshakeRequest.toBytes(v, { mechanism: "PLAIN" })], str("PLAIN"));
    assert.deepEqual(
      [...SaslHandshakeResponse.toBytes(v, { errorCode: 0, mechanisms: ["PLAIN", "A"] })],
      [...i16(0), ...i32(2), ...str("PLAIN"), ...str("A")],
    );
  }
});
