import assert from "node:assert/strict";
import {
  ProduceRequest,
  type ProduceRequestData,
  ProduceResponse,
  type ProduceResponseData,
} from "../broker/messages/produce.ts";

// Big-endian byte helpers for the hand-derived expectations below.
const i16 = (n: number) => [(n >> 8) & 255, n & 255];
const i32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const i64 = (n: number) => [...i32(Math.floor(n / 2 ** 32)), ...i32(n >>> 0)];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const fullRequest: ProduceRequestData = {
  transactionalId: "tx-1",
  acks: -1,
  timeoutMs: 30_000,
  topicData: [
    {
      name: "orders",
      partitionData: [
        { index: 0, records: new Uint8Array([1, 2, 3]) },
        { index: 1, records: null },
      ],
    },
  ],
};

const fullResponse: ProduceResponseData = {
  responses: [
    {
      name: "orders",
      partitionResponses: [
        {
          index: 0,
          errorCode: 0,
          baseOffset: 42,
          logAppendTimeMs: 1_700_000_000_000,
          logStartOffset: 7,
          recordErrors: [{ batchIndex: 3, batchIndexErrorMessage: "bad record" }],
          errorMessage: "batch dropped",
          currentLeader: { leaderId: 1, leaderEpoch: 5 },
        },
      ],
    },
  ],
  throttleTimeMs: 12,
  nodeEndpoints: [{ nodeId: 1, host: "localhost", port: 9092, rack: "r1" }],
};

function responseAt(v: number): ProduceResponseData {
  const p = fullResponse.responses[0].partitionResponses[0];
  return {
    responses: [{
      name: "orders",
      partitionResponses: [{
        index: p.index,
        errorCode: p.errorCode,
        baseOffset: p.baseOffset,
        logAppendTimeMs: v >= 2 ? p.logAppendTimeMs : -1,
        logStartOffset: v >= 5 ? p.logStartOffset : -1,
        recordErrors: v >= 8 ? p.recordErrors : [],
        errorMessage: v >= 8 ? p.errorMessage : null,
        currentLeader: v >= 10 ? p.currentLeader : { leaderId: -1, leaderEpoch: -1 },
      }],
    }],
    throttleTimeMs: v >= 1 ? fullResponse.throttleTimeMs : 0,
    nodeEndpoints: v >= 10 ? fullResponse.nodeEndpoints : [],
  };
}

Deno.test("Produce request round-trips at every version", () => {
  assert.equal(ProduceRequest.minVersion, 0);
  assert.equal(ProduceRequest.maxVersion, 11);
  for (let v = 0; v <= 11; v++) {
    const back = ProduceRequest.fromBytes(ProduceRequest.toBytes(v, fullRequest), v);
    const expected = v >= 3 ? fullRequest : { ...fullRequest, transactionalId: null };
    assert.deepEqual(back, expected, `v${v}`);
  }
});

Deno.test("Produce response round-trips at every version", () => {
  assert.equal(ProduceResponse.minVersion, 0);
  assert.equal(ProduceResponse.maxVersion, 11);
  for (let v = 0; v <= 11; v++) {
    const back = ProduceResponse.fromBytes(ProduceResponse.toBytes(v, fullResponse), v);
    assert.deepEqual(back, responseAt(v), `v${v}`);
  }
});

const smallRequest: ProduceRequestData = {
  transactionalId: null,
  acks: 1,
  timeoutMs: 1000,
  topicData: [{ name: "t", partitionData: [{ index: 2, records: new Uint8Array([9, 8, 7]) }] }],
};

Deno.test("Produce request v0 and response v0 encode the known bytes", () => {
  assert.deepEqual([...ProduceRequest.toBytes(0, smallRequest)], [
    ...i16(1), // acks
    ...i32(1000), // timeout_ms
    ...i32(1), // topic_data: 1
    ...i16(1),
    ...ascii("t"),
    ...i32(1), // partition_data: 1
    ...i32(2),
    ...i32(3),
    9,
    8,
    7,
  ]);
  const response: ProduceResponseData = {
    responses: [{
      name: "t",
      partitionResponses: [{
        index: 2,
        errorCode: 43,
        baseOffset: -1,
        logAppendTimeMs: -1,
        logStartOffset: -1,
        recordErrors: [],
        errorMessage: null,
      }],
    }],
    throttleTimeMs: 0,
  };
  assert.deepEqual([...ProduceResponse.toBytes(0, response)], [
    ...i32(1),
    ...i16(1),
    ...ascii("t"),
    ...i32(1),
    ...i32(2), // index
    ...i16(43), // error_code
    ...i64(-1), // base_offset; no throttle time at v0
  ]);
});

Deno.test("Produce request v3 encodes the known bytes", () => {
  assert.deepEqual([...ProduceRequest.toBytes(3, smallRequest)], [
    ...i16(-1), // transactional_id: null
    ...i16(1), // acks
    ...i32(1000), // timeout_ms
    ...i32(1), // topic_data: 1 topic
    ...i16(1),
    ...ascii("t"), // name
    ...i32(1), // partition_data: 1 partition
    ...i32(2), // index
    ...i32(3),
    9,
    8,
    7, // records
  ]);
});

Deno.test("Produce request v9 uses compact encodings and tagged-field sections", () => {
  assert.deepEqual([...ProduceRequest.toBytes(9, smallRequest)], [
    0, // transactional_id: compact null
    ...i16(1),
    ...i32(1000),
    2, // compact array of 1
    2,
    ...ascii("t"), // compact string "t"
    2, // compact array of 1
    ...i32(2),
    4,
    9,
    8,
    7, // compact records of 3
    0, // partition tagged fields
    0, // topic tagged fields
    0, // top-level tagged fields
  ]);
  for (let v = 0; v <= 11; v++) assert.equal(ProduceRequest.isFlexible(v), v >= 9, `v${v}`);
});

Deno.test("Produce response v8 encodes the known bytes", () => {
  const bytes = ProduceResponse.toBytes(8, {
    responses: [{
      name: "t",
      partitionResponses: [{
        index: 1,
        errorCode: 0,
        baseOffset: 5,
        logAppendTimeMs: -1,
        logStartOffset: 0,
        recordErrors: [{ batchIndex: 2, batchIndexErrorMessage: null }],
        errorMessage: "x",
      }],
    }],
    throttleTimeMs: 7,
  });
  assert.deepEqual([...bytes], [
    ...i32(1),
    ...i16(1),
    ...ascii("t"),
    ...i32(1),
    ...i32(1), // index
    ...i16(0), // error_code
    ...i64(5), // base_offset
    ...i64(-1), // log_append_time_ms
    ...i64(0), // log_start_offset
    ...i32(1),
    ...i32(2),
    ...i16(-1), // record_errors: [2, null]
    ...i16(1),
    ...ascii("x"), // error_message
    ...i32(7), // throttle_time_ms
  ]);
});

Deno.test("Produce response v10 writes current_leader and node_endpoints as tagged fields", () => {
  const bytes = ProduceResponse.toBytes(10, {
    responses: [{
      name: "t",
      partitionResponses: [{
        index: 0,
        errorCode: 6,
        baseOffset: -1,
        logAppendTimeMs: -1,
        logStartOffset: -1,
        recordErrors: [],
        errorMessage: null,
        currentLeader: { leaderId: 1, leaderEpoch: 2 },
      }],
    }],
    throttleTimeMs: 0,
    nodeEndpoints: [{ nodeId: 1, host: "h", port: 9092, rack: null }],
  });
  assert.deepEqual([...bytes], [
    2,
    2,
    ...ascii("t"),
    2,
    ...i32(0),
    ...i16(6),
    ...i64(-1),
    ...i64(-1),
    ...i64(-1),
    1, // record_errors: empty compact array
    0, // error_message: compact null
    1, // one tagged field
    0,
    9,
    ...i32(1),
    ...i32(2),
    0, // tag 0, 9 bytes: current_leader with its own (empty) tagged fields
    0, // topic tagged fields
    ...i32(0), // throttle_time_ms
    1, // one tagged field
    0,
    13, // tag 0, 13 bytes: node_endpoints
    2,
    ...i32(1),
    2,
    ...ascii("h"),
    ...i32(9092),
    0,
    0,
  ]);
  assert.deepEqual(ProduceResponse.fromBytes(bytes, 10).nodeEndpoints, [
    { nodeId: 1, host: "h", port: 9092, rack: null },
  ]);
});
