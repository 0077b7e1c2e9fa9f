import assert from "node:assert/strict";
import {
  MetadataRequest,
  type MetadataRequestData,
  MetadataResponse,
  type MetadataResponseData,
} from "../broker/messages/metadata.ts";
import { uuidToString, ZERO_UUID } from "../broker/protocol/schema.ts";

// Big-endian byte helpers for the hand-derived expectations below.
const i16 = (n: number) => [(n >> 8) & 255, n & 255];
const i32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const topicIdBytes = Array.from({ length: 16 }, (_, i) => 0x10 + i);
const topicId = uuidToString(new Uint8Array(topicIdBytes));

const fullRequest: MetadataRequestData = {
  topics: [{ topicId, name: "orders" }],
  allowAutoTopicCreation: false,
  includeClusterAuthorizedOperations: true,
  includeTopicAuthorizedOperations: true,
};

function requestAt(v: number): MetadataRequestData {
  return {
    topics: [{ topicId: v >= 10 ? topicId : ZERO_UUID, name: "orders" }],
    allowAutoTopicCreation: v < 4,
    includeClusterAuthorizedOperations: v >= 8 && v <= 10,
    includeTopicAuthorizedOperations: v >= 8,
  };
}

const fullResponse: MetadataResponseData = {
  throttleTimeMs: 3,
  brokers: [{ nodeId: 1, host: "localhost", port: 9092, rack: "r1" }],
  clusterId: "blink",
  controllerId: 1,
  topics: [{
    errorCode: 0,
    name: "orders",
    topicId,
    isInternal: true,
    partitions: [{
      errorCode: 0,
      partitionIndex: 0,
      leaderId: 1,
      leaderEpoch: 4,
      replicaNodes: [1],
      isrNodes: [1],
      offlineReplicas: [2],
    }],
    topicAuthorizedOperations: 0x0ff8,
  }],
  clusterAuthorizedOperations: 0x0001,
};

function responseAt(v: number): MetadataResponseData {
  const t = fullResponse.topics[0];
  const p = t.partitions[0];
  return {
    throttleTimeMs: v >= 3 ? fullResponse.throttleTimeMs : 0,
    brokers: [{ nodeId: 1, host: "localhost", port: 9092, rack: v >= 1 ? "r1" : null }],
    clusterId: v >= 2 ? fullResponse.clusterId : null,
    controllerId: v >= 1 ? fullResponse.controllerId : -1,
    topics: [{
      errorCode: t.errorCode,
      name: t.name,
      topicId: v >= 10 ? topicId : ZERO_UUID,
      isInternal: v >= 1 ? t.isInternal : false,
      partitions: [{
        errorCode: p.errorCode,
        partitionIndex: p.partitionIndex,
        leaderId: p.leaderId,
        leaderEpoch: v >= 7 ? p.leaderEpoch : -1,
        replicaNodes: p.replicaNodes,
        isrNodes: p.isrNodes,
        offlineReplicas: v >= 5 ? p.offlineReplicas : [],
      }],
      topicAuthorizedOperations: v >= 8 ? t.topicAuthorizedOperations : -2147483648,
    }],
    clusterAuthorizedOperations: v >= 8 && v <= 10
      ? fullResponse.clusterAuthorizedOperations
      : -2147483648,
  };
}

Deno.test("Metadata request round-trips at every version", () => {
  assert.equal(MetadataRequest.minVersion, 0);
  assert.equal(MetadataRequest.maxVersion, 12);
  for (let v = 0; v <= 12; v++) {
    const back = MetadataRequest.fromBytes(MetadataRequest.toBytes(v, fullRequest), v);
    assert.deepEqual(back, requestAt(v), `v${v}`);
  }
});

Deno.test("Metadata response round-trips at every version", () => {
  assert.equal(MetadataResponse.minVersion, 0);
  assert.equal(MetadataResponse.maxVersion, 12);
  for (let v = 0; v <= 12; v++) {
    const back = MetadataResponse.fromBytes(MetadataResponse.toBytes(v, fullResponse), v);
    assert.deepEqual(back, responseAt(v), `v${v}`);
  }
});

Deno.test("Metadata request 'all topics' is an empty array in v0 and null from v1", () => {
  const all = {
    topics: null,
    allowAutoTopicCreation: true,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  };
  assert.deepEqual([...MetadataRequest.toBytes(0, all)], [...i32(0)]);
  assert.deepEqual([...MetadataRequest.toBytes(1, all)], [...i32(-1)]);
  assert.deepEqual([...MetadataRequest.toBytes(4, all)], [...i32(-1), 1]);
  // v9: compact null array, allow_auto_topic_creation, two include flags, no tagged fields
  assert.deepEqual([...MetadataRequest.toBytes(9, all)], [0, 1, 0, 0, 0]);
  assert.equal(MetadataRequest.fromBytes(new Uint8Array([0, 1, 0, 0]), 12).topics, null);
});

Deno.test("Metadata request v12 carries topic ids and nullable names", () => {
  const bytes = MetadataRequest.toBytes(12, {
    topics: [{ topicId, name: null }],
    allowAutoTopicCreation: true,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  });
  assert.deepEqual([...bytes], [2, ...topicIdBytes, 0, 0, 1, 0, 0]);
  for (let v = 0; v <= 12; v++) assert.equal(MetadataRequest.isFlexible(v), v >= 9, `v${v}`);
});

Deno.test("Metadata response v0 encodes the known bytes", () => {
  assert.deepEqual([...MetadataResponse.toBytes(0, fullResponse)], [
    ...i32(1), // brokers
    ...i32(1), // node_id
    ...i16(9),
    ...ascii("localhost"),
    ...i32(9092), // port
    ...i32(1), // topics
    ...i16(0), // error_code
    ...i16(6),
    ...ascii("orders"),
    ...i32(1), // partitions
    ...i16(0), // error_code
    ...i32(0), // partition_index
    ...i32(1), // leader_id
    ...i32(1),
    ...i32(1), // replica_nodes
    ...i32(1),
    ...i32(1), // isr_nodes
  ]);
});

Deno.test("Metadata response v10 encodes the known bytes", () => {
  assert.deepEqual([...MetadataResponse.toBytes(10, fullResponse)], [
    ...i32(3), // throttle_time_ms
    2, // brokers: compact array of 1
    ...i32(1),
    10,
    ...ascii("localhost"),
    ...i32(9092),
    3,
    ...ascii("r1"),
    0, // broker tagged fields
    6,
    ...ascii("blink"), // cluster_id
    ...i32(1), // controller_id
    2, // topics: compact array of 1
    ...i16(0),
    7,
    ...ascii("orders"),
    ...topicIdBytes,
    1, // is_internal
    2, // partitions: compact array of 1
    ...i16(0),
    ...i32(0),
    ...i32(1), // leader_id
    ...i32(4), // leader_epoch
    2,
    ...i32(1), // replica_nodes
    2,
    ...i32(1), // isr_nodes
    2,
    ...i32(2), // offline_replicas
    0, // partition tagged fields
    ...i32(0x0ff8), // topic_authorized_operations
    0, // topic tagged fields
    ...i32(1), // cluster_authorized_operations
    0, // top-level tagged fields
  ]);
});
