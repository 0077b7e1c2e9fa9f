import assert from "node:assert/strict";
import {
  ListOffsetsRequest,
  type ListOffsetsRequestData,
  ListOffsetsResponse,
  type ListOffsetsResponseData,
} from "../broker/messages/list_offsets.ts";

// Big-endian byte helpers for the hand-derived expectations below.
const i16 = (n: number) => [(n >> 8) & 255, n & 255];
const i32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const i64 = (n: number) => [...i32(Math.floor(n / 2 ** 32)), ...i32(n >>> 0)];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const fullRequest: ListOffsetsRequestData = {
  replicaId: -1,
  isolationLevel: 1,
  topics: [{
    name: "orders",
    partitions: [{ partitionIndex: 3, currentLeaderEpoch: 7, timestamp: -2, maxNumOffsets: 5 }],
  }],
};

function requestAt(v: number): ListOffsetsRequestData {
  const p = fullRequest.topics[0].partitions[0];
  return {
    replicaId: -1,
    isolationLevel: v >= 2 ? 1 : 0,
    topics: [{
      name: "orders",
      partitions: [{
        partitionIndex: p.partitionIndex,
        currentLeaderEpoch: v >= 4 ? p.currentLeaderEpoch : -1,
        timestamp: p.timestamp,
        maxNumOffsets: v === 0 ? p.maxNumOffsets : 1,
      }],
    }],
  };
}

const fullResponse: ListOffsetsResponseData = {
  throttleTimeMs: 4,
  topics: [{
    name: "orders",
    partitions: [{
      partitionIndex: 3,
      errorCode: 0,
      oldStyleOffsets: [120, 0],
      timestamp: 1_700_000_000_000,
      offset: 120,
      leaderEpoch: 7,
    }],
  }],
};

function responseAt(v: number): ListOffsetsResponseData {
  const p = fullResponse.topics[0].partitions[0];
  return {
    throttleTimeMs: v >= 2 ? fullResponse.throttleTimeMs : 0,
    topics: [{
      name: "orders",
      partitions: [{
        partitionIndex: p.partitionIndex,
        errorCode: p.errorCode,
        oldStyleOffsets: v === 0 ? p.oldStyleOffsets : [],
        timestamp: v >= 1 ? p.timestamp : -1,
        offset: v >= 1 ? p.offset : -1,
        leaderEpoch: v >= 4 ? p.leaderEpoch : -1,
      }],
    }],
  };
}

Deno.test("ListOffsets request round-trips at every version", () => {
  assert.equal(ListOffsetsRequest.minVersion, 0);
  assert.equal(ListOffsetsRequest.maxVersion, 9);
  for (let v = 0; v <= 9; v++) {
    const back = ListOffsetsRequest.fromBytes(ListOffsetsRequest.toBytes(v, fullRequest), v);
    assert.deepEqual(back, requestAt(v), `v${v}`);
  }
});

Deno.test("ListOffsets response round-trips at every version", () => {
  assert.equal(ListOffsetsResponse.minVersion, 0);
  assert.equal(ListOffsetsResponse.maxVersion, 9);
  for (let v = 0; v <= 9; v++) {
    const back = ListOffsetsResponse.fromBytes(ListOffsetsResponse.toBytes(v, fullResponse), v);
    assert.deepEqual(back, responseAt(v), `v${v}`);
  }
});

Deno.test("ListOffsets request v0 carries max_num_offsets", () => {
  assert.deepEqual([...ListOffsetsRequest.toBytes(0, fullRequest)], [
    ...i32(-1), // replica_id
    ...i32(1),
    ...i16(6),
    ...ascii("orders"),
    ...i32(1),
    ...i32(3), // partition_index
    ...i64(-2), // timestamp
    ...i32(5), // max_num_offsets
  ]);
});

Deno.test("ListOffsets request v6 uses compact encodings", () => {
  assert.deepEqual([...ListOffsetsRequest.toBytes(6, fullRequest)], [
    ...i32(-1), // replica_id
    1, // isolation_level
    2, // topics: compact array of 1
    7,
    ...ascii("orders"),
    2,
    ...i32(3), // partition_index
    ...i32(7), // current_leader_epoch
    ...i64(-2), // timestamp
    0, // partition tagged fields
    0, // topic tagged fields
    0, // top-level tagged fields
  ]);
  for (let v = 0; v <= 9; v++) assert.equal(ListOffsetsRequest.isFlexible(v), v >= 6, `v${v}`);
});

Deno.test("ListOffsets response v0 returns old-style offsets", () => {
  assert.deepEqual([...ListOffsetsResponse.toBytes(0, fullResponse)], [
    ...i32(1),
    ...i16(6),
    ...ascii("orders"),
    ...i32(1),
    ...i32(3), // partition_index
    ...i16(0), // error_code
    ...i32(2),
    ...i64(120),
    ...i64(0), // old_style_offsets
  ]);
});

Deno.test("ListOffsets response v4 encodes the known bytes", () => {
  assert.deepEqual([...ListOffsetsResponse.toBytes(4, fullResponse)], [
    ...i32(4), // throttle_time_ms
    ...i32(1),
    ...i16(6),
    ...ascii("orders"),
    ...i32(1),
    ...i32(3), // partition_index
    ...i16(0), // error_code
    ...i64(1_700_000_000_000), // timestamp
    ...i64(120), // offset
    ...i32(7), // leader_epoch
  ]);
});
