import assert from "node:assert/strict";
import {
  FetchRequest,
  type FetchRequestData,
  FetchResponse,
  type FetchResponseData,
} from "../broker/messages/fetch.ts";
import { uuidToString, ZERO_UUID } from "../broker/protocol/schema.ts";

// Big-endian byte helpers for the hand-derived expectations below.
const i16 = (n: number) => [(n >> 8) & 255, n & 255];
const i32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const i64 = (n: number) => [...i32(Math.floor(n / 2 ** 32)), ...i32(n >>> 0)];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const topicIdBytes = Array.from({ length: 16 }, (_, i) => i + 1);
const topicId = uuidToString(new Uint8Array(topicIdBytes));
const dirIdBytes = Array.from({ length: 16 }, (_, i) => 0xa0 + i);
const dirId = uuidToString(new Uint8Array(dirIdBytes));

const fullRequest: FetchRequestData = {
  clusterId: "cluster-1",
  replicaId: 3,
  replicaState: { replicaId: 3, replicaEpoch: 17 },
  maxWaitMs: 500,
  minBytes: 1,
  maxBytes: 52_428_800,
  isolationLevel: 1,
  sessionId: 99,
  sessionEpoch: 4,
  topics: [{
    topic: "orders",
    topicId,
    partitions: [{
      partition: 0,
      currentLeaderEpoch: 2,
      fetchOffset: 1234,
      lastFetchedEpoch: 1,
      logStartOffset: 10,
      partitionMaxBytes: 1_048_576,
      replicaDirectoryId: dirId,
    }],
  }],
  forgottenTopicsData: [{ topic: "old", topicId, partitions: [1, 2] }],
  rackId: "rack-a",
};

function requestAt(v: number): FetchRequestData {
  const p = fullRequest.topics[0].partitions[0];
  return {
    clusterId: v >= 12 ? fullRequest.clusterId : null,
    replicaId: v <= 14 ? fullRequest.replicaId : -1,
    replicaState: v >= 15 ? fullRequest.replicaState : { replicaId: -1, replicaEpoch: -1 },
    maxWaitMs: fullRequest.maxWaitMs,
    minBytes: fullRequest.minBytes,
    maxBytes: v >= 3 ? fullRequest.maxBytes : 0x7fffffff,
    isolationLevel: v >= 4 ? fullRequest.isolationLevel : 0,
    sessionId: v >= 7 ? fullRequest.sessionId : 0,
    sessionEpoch: v >= 7 ? fullRequest.sessionEpoch : -1,
    topics: [{
      topic: v <= 12 ? "orders" : "",
      topicId: v >= 13 ? topicId : ZERO_UUID,
      partitions: [{
        partition: p.partition,
        currentLeaderEpoch: v >= 9 ? p.currentLeaderEpoch : -1,
        fetchOffset: p.fetchOffset,
        lastFetchedEpoch: v >= 12 ? p.lastFetchedEpoch : -1,
        logStartOffset: v >= 5 ? p.logStartOffset : -1,
        partitionMaxBytes: p.partitionMaxBytes,
        replicaDirectoryId: v >= 17 ? dirId : ZERO_UUID,
      }],
    }],
    forgottenTopicsData: v >= 7
      ? [{
        topic: v <= 12 ? "old" : "",
        topicId: v >= 13 ? topicId : ZERO_UUID,
        partitions: [1, 2],
      }]
      : [],
    rackId: v >= 11 ? fullRequest.rackId : "",
  };
}

const batch = new Uint8Array([0xde, 0xad, 0xbe, 0xef]);

const fullResponse: FetchResponseData = {
  throttleTimeMs: 5,
  errorCode: 0,
  sessionId: 99,
  responses: [{
    topic: "orders",
    topicId,
    partitions: [{
      partitionIndex: 0,
      errorCode: 0,
      highWatermark: 100,
      lastStableOffset: 90,
      logStartOffset: 3,
      divergingEpoch: { epoch: 2, endOffset: 80 },
      currentLeader: { leaderId: 1, leaderEpoch: 6 },
      snapshotId: { endOffset: 70, epoch: 1 },
      abortedTransactions: [{ producerId: 1000, firstOffset: 50 }],
      preferredReadReplica: 2,
      records: batch,
    }],
  }],
  nodeEndpoints: [{ nodeId: 1, host: "localhost", port: 9092, rack: null }],
};

function responseAt(v: number): FetchResponseData {
  const p = fullResponse.responses[0].partitions[0];
  return {
    throttleTimeMs: v >= 1 ? fullResponse.throttleTimeMs : 0,
    errorCode: fullResponse.errorCode,
    sessionId: v >= 7 ? fullResponse.sessionId : 0,
    responses: [{
      topic: v <= 12 ? "orders" : "",
      topicId: v >= 13 ? topicId : ZERO_UUID,
      partitions: [{
        partitionIndex: p.partitionIndex,
        errorCode: p.errorCode,
        highWatermark: p.highWatermark,
        lastStableOffset: v >= 4 ? p.lastStableOffset : -1,
        logStartOffset: v >= 5 ? p.logStartOffset : -1,
        divergingEpoch: v >= 12 ? p.divergingEpoch : { epoch: -1, endOffset: -1 },
        currentLeader: v >= 12 ? p.currentLeader : { leaderId: -1, leaderEpoch: -1 },
        snapshotId: v >= 12 ? p.snapshotId : { endOffset: -1, epoch: -1 },
        abortedTransactions: v >= 4 ? p.abortedTransactions : [],
        preferredReadReplica: v >= 11 ? p.preferredReadReplica : -1,
        records: batch,
      }],
    }],
    nodeEndpoints: v >= 16 ? fullResponse.nodeEndpoints : [],
  };
}

Deno.test("Fetch request round-trips at every version", () => {
  assert.equal(FetchRequest.minVersion, 0);
  assert.equal(FetchRequest.maxVersion, 17);
  for (let v = 0; v <= 17; v++) {
    const back = FetchRequest.fromBytes(FetchRequest.toBytes(v, fullRequest), v);
    assert.deepEqual(back, requestAt(v), `v${v}`);
  }
});

Deno.test("Fetch response round-trips at every version", () => {
  assert.equal(FetchResponse.minVersion, 0);
  assert.equal(FetchResponse.maxVersion, 17);
  for (let v = 0; v <= 17; v++) {
    const back = FetchResponse.fromBytes(FetchResponse.toBytes(v, fullResponse), v);
    assert.deepEqual(back, responseAt(v), `v${v}`);
  }
});

Deno.test("Fetch request v4 encodes the known bytes", () => {
  const bytes = FetchRequest.toBytes(4, {
    replicaId: -1,
    maxWaitMs: 500,
    minBytes: 1,
    maxBytes: 1_048_576,
    isolationLevel: 1,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [{
      topic: "t",
      topicId: ZERO_UUID,
      partitions: [{
        partition: 0,
        currentLeaderEpoch: -1,
        fetchOffset: 10,
        lastFetchedEpoch: -1,
        logStartOffset: -1,
        partitionMaxBytes: 65_536,
      }],
    }],
    forgottenTopicsData: [],
    rackId: "",
  });
  assert.deepEqual([...bytes], [
    ...i32(-1), // replica_id
    ...i32(500), // max_wait_ms
    ...i32(1), // min_bytes
    ...i32(1_048_576), // max_bytes
    1, // isolation_level
    ...i32(1),
    ...i16(1),
    ...ascii("t"),
    ...i32(1),
    ...i32(0), // partition
    ...i64(10), // fetch_offset
    ...i32(65_536), // partition_max_bytes
  ]);
});

Deno.test("Fetch request v15 drops replica_id and tags cluster_id and replica_state", () => {
  const bytes = FetchRequest.toBytes(15, {
    clusterId: "c",
    replicaId: -1,
    replicaState: { replicaId: 2, replicaEpoch: 3 },
    maxWaitMs: 500,
    minBytes: 1,
    maxBytes: 1_048_576,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [{
      topic: "",
      topicId,
      partitions: [{
        partition: 0,
        currentLeaderEpoch: 4,
        fetchOffset: 10,
        lastFetchedEpoch: 3,
        logStartOffset: -1,
        partitionMaxBytes: 65_536,
      }],
    }],
    forgottenTopicsData: [{ topic: "", topicId, partitions: [7] }],
    rackId: "",
  });
  assert.deepEqual([...bytes], [
    ...i32(500),
    ...i32(1),
    ...i32(1_048_576),
    0, // isolation_level
    ...i32(0), // session_id
    ...i32(-1), // session_epoch
    2, // topics: compact array of 1
    ...topicIdBytes,
    2,
    ...i32(0), // partition
    ...i32(4), // current_leader_epoch
    ...i64(10), // fetch_offset
    ...i32(3), // last_fetched_epoch
    ...i64(-1), // log_start_offset
    ...i32(65_536), // partition_max_bytes
    0, // partition tagged fields
    0, // topic tagged fields
    2, // forgotten_topics_data: compact array of 1
    ...topicIdBytes,
    2,
    ...i32(7),
    0,
    1, // rack_id: compact ""
    2, // two tagged fields
    0,
    2,
    2,
    ...ascii("c"), // tag 0, 2 bytes: cluster_id "c"
    1,
    13,
    ...i32(2),
    ...i64(3),
    0, // tag 1, 13 bytes: replica_state
  ]);
  const back = FetchRequest.fromBytes(bytes, 15);
  assert.equal(back.replicaId, -1);
  assert.deepEqual(back.replicaState, { replicaId: 2, replicaEpoch: 3 });
});

Deno.test("Fetch response v4 writes a list of batch views back to back", () => {
  const bytes = FetchResponse.toBytes(4, {
    throttleTimeMs: 0,
    errorCode: 0,
    sessionId: 0,
    responses: [{
      topic: "t",
      topicId: ZERO_UUID,
      partitions: [{
        partitionIndex: 0,
        errorCode: 0,
        highWatermark: 3,
        lastStableOffset: 3,
        logStartOffset: 0,
        abortedTransactions: null,
        preferredReadReplica: -1,
        records: [new Uint8Array([1, 2]), new Uint8Array([3])],
      }],
    }],
  });
  assert.deepEqual([...bytes], [
    ...i32(0), // throttle_time_ms
    ...i32(1),
    ...i16(1),
    ...ascii("t"),
    ...i32(1),
    ...i32(0), // partition_index
    ...i16(0), // error_code
    ...i64(3), // high_watermark
    ...i64(3), // last_stable_offset
    ...i32(-1), // aborted_transactions: null
    ...i32(3),
    1,
    2,
    3, // records: 3 bytes from two views
  ]);
});

Deno.test("Fetch response v16 uses topic ids and tagged leader hints", () => {
  const bytes = FetchResponse.toBytes(16, {
    throttleTimeMs: 0,
    errorCode: 0,
    sessionId: 0,
    responses: [{
      topic: "",
      topicId,
      partitions: [{
        partitionIndex: 0,
        errorCode: 6,
        highWatermark: -1,
        lastStableOffset: -1,
        logStartOffset: -1,
        currentLeader: { leaderId: 1, leaderEpoch: 2 },
        abortedTransactions: null,
        preferredReadReplica: -1,
        records: null,
      }],
    }],
    nodeEndpoints: [{ nodeId: 1, host: "h", port: 9092, rack: "r" }],
  });
  assert.deepEqual([...bytes], [
    ...i32(0),
    ...i16(0),
    ...i32(0),
    2, // responses: compact array of 1
    ...topicIdBytes,
    2,
    ...i32(0),
    ...i16(6),
    ...i64(-1),
    ...i64(-1),
    ...i64(-1),
    0, // aborted_transactions: compact null
    ...i32(-1), // preferred_read_replica
    0, // records: compact null
    1,
    1,
    9,
    ...i32(1),
    ...i32(2),
    0, // tag 1, 9 bytes: current_leader
    0, // topic tagged fields
    1,
    0,
    14, // tag 0, 14 bytes: node_endpoints
    2,
    ...i32(1),
    2,
    ...ascii("h"),
    ...i32(9092),
    2,
    ...ascii("r"),
    0,
  ]);
  for (let v = 0; v <= 17; v++) assert.equal(FetchResponse.isFlexible(v), v >= 12, `v${v}`);
});
