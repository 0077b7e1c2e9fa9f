/**
 * Codecs of the group coordinator APIs: FindCoordinator, JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup, OffsetCommit, OffsetFetch, DescribeGroups, ListGroups, DeleteGroups, OffsetDelete.
 *
 * Each API round-trips at every version (a full value goes in, the fields of that version come
 * back, the others as their defaults), and a few versions are checked against bytes written out
 * by hand from the grammar in the API's header comment.
 */
import assert from "node:assert/strict";
import type { MessageCodec } from "../broker/protocol/schema.ts";
import { DeleteGroupsRequest, DeleteGroupsResponse } from "../broker/messages/delete_groups.ts";
import {
  DescribeGroupsRequest,
  DescribeGroupsResponse,
} from "../broker/messages/describe_groups.ts";
import {
  FindCoordinatorRequest,
  FindCoordinatorResponse,
} from "../broker/messages/find_coordinator.ts";
import { HeartbeatRequest, HeartbeatResponse } from "../broker/messages/heartbeat.ts";
import { JoinGroupRequest, JoinGroupResponse } from "../broker/messages/join_group.ts";
import { LeaveGroupRequest, LeaveGroupResponse } from "../broker/messages/leave_group.ts";
import { ListGroupsRequest, ListGroupsResponse } from "../broker/messages/list_groups.ts";
import { OffsetCommitRequest, OffsetCommitResponse } from "../broker/messages/offset_commit.ts";
import { OffsetDeleteRequest, OffsetDeleteResponse } from "../broker/messages/offset_delete.ts";
import { OffsetFetchRequest, OffsetFetchResponse } from "../broker/messages/offset_fetch.ts";
import { SyncGroupRequest, SyncGroupResponse } from "../broker/messages/sync_group.ts";

// ---- hand encoders for expected bytes (Kafka protocol guide, "Protocol Primitive Types") ----

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
const int8 = (n: number): number[] => [n & 255];
const int16 = (n: number): number[] => [(n >> 8) & 255, n & 255];
const int32 = (
  n: number,
): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const int64 = (n: number): number[] => [...int32(Math.floor(n / 2 ** 32)), ...int32(n >>> 0)];
/** Classic string: int16 length + UTF-8. */
const str = (s: string): number[] => [...int16(utf8(s).length), ...utf8(s)];
/** Compact string: uvarint(length + 1) + UTF-8 (every test string is shorter than 127). */
const cstr = (s: string): number[] => [utf8(s).length + 1, ...utf8(s)];
const NULL_STR = int16(-1);
const NULL_CSTR = [0];
/** Classic bytes: int32 length; compact bytes: uvarint(length + 1). */
const byt = (b: number[]): number[] => [...int32(b.length), ...b];
const cbyt = (b: number[]): number[] => [b.length + 1, ...b];
/** Classic array count: int32; compact: uvarint(count + 1). */
const arr = (n: number): number[] => int32(n);
const carr = (n: number): number[] => [n + 1];
/** An empty tagged-field section. */
const TAGS = [0];

function roundTripsAtEveryVersion<T>(
  codec: MessageCodec<T>,
  full: T,
  expectedAt: (version: number) => T,
): void {
  for (let v = codec.minVersion; v <= codec.maxVersion; v++) {
    const back = codec.fromBytes(codec.toBytes(v, full), v);
    assert.deepEqual(back, expectedAt(v), `${codec.schema.name} v${v}`);
  }
}

function assertBytes<T>(codec: MessageCodec<T>, version: number, value: T, bytes: number[]) {
  assert.deepEqual([...codec.toBytes(version, value)], bytes, `${codec.schema.name} v${version}`);
  assert.deepEqual(
    codec.fromBytes(new Uint8Array(bytes), version),
    value,
    `${codec.schema.name} v${version} decode`,
  );
}

const u8 = (...b: number[]) => new Uint8Array(b);

// ---- keys, version ranges, flexible versions -------------------------------------------------

Deno.test("group APIs declare their key, version range and first flexible version", () => {
  const table: [MessageCodec<any>, MessageCodec<any>, number, number, number, number | null][] = [
    [FindCoordinatorRequest, FindCoordinatorResponse, 10, 0, 6, 3],
    [JoinGroupRequest, JoinGroupResponse, 11, 0, 9, 6],
    [SyncGroupRequest, SyncGroupResponse, 14, 0, 5, 4],
    [HeartbeatRequest, HeartbeatResponse, 12, 0, 4, 4],
    [LeaveGroupRequest, LeaveGroupResponse, 13, 0, 5, 4],
    [OffsetCommitRequest, OffsetCommitResponse, 8, 0, 9, 8],
    [OffsetFetchRequest, OffsetFetchResponse, 9, 0, 9, 6],
    [DescribeGroupsRequest, DescribeGroupsResponse, 15, 0, 5, 5],
    [ListGroupsRequest, ListGroupsResponse, 16, 0, 5, 3],
    [DeleteGroupsRequest, DeleteGroupsResponse, 42, 0, 2, 2],
    [OffsetDeleteRequest, OffsetDeleteResponse, 47, 0, 0, null],
  ];
  for (const [request, response, apiKey, min, max, firstFlexible] of table) {
    for (const codec of [request, response]) {
      const name = codec.schema.name;
      assert.equal(codec.schema.apiKey, apiKey, name);
      assert.equal(codec.minVersion, min, name);
      assert.equal(codec.maxVersion, max, name);
      for (let v = min; v <= max; v++) {
        assert.equal(codec.isFlexible(v), firstFlexible !== null && v >= firstFlexible, name);
      }
    }
  }
});

// ---- FindCoordinator ---------------------------------------------------------------------------

Deno.test("FindCoordinator request round-trips at every version", () => {
  roundTripsAtEveryVersion(
    FindCoordinatorRequest,
    { key: "g1", keyType: 1, coordinatorKeys: ["g1", "g2"] },
    (v) => ({
      key: v <= 3 ? "g1" : "",
      keyType: v >= 1 ? 1 : 0,
      coordinatorKeys: v >= 4 ? ["g1", "g2"] : [],
    }),
  );
});

Deno.test("FindCoordinator request encodes the known bytes", () => {
  assertBytes(FindCoordinatorRequest, 0, { key: "g", keyType: 0, coordinatorKeys: [] }, str("g"));
  assertBytes(
    FindCoordinatorRequest,
    1,
    { key: "g", keyType: 1, coordinatorKeys: [] },
    [...str("g"), ...int8(1)],
  );
  assertBytes(
    FindCoordinatorRequest,
    3,
    { key: "g", keyType: 0, coordinatorKeys: [] },
    [...cstr("g"), ...int8(0), ...TAGS],
  );
  assertBytes(
    FindCoordinatorRequest,
    4,
    { key: "", keyType: 1, coordinatorKeys: ["a", "b"] },
    [...int8(1), ...carr(2), ...cstr("a"), ...cstr("b"), ...TAGS],
  );
});

Deno.test("FindCoordinator response round-trips at every version", () => {
  const coordinator = {
    key: "g1",
    nodeId: 1,
    host: "localhost",
    port: 9092,
    errorCode: 0,
    errorMessage: null,
  };
  roundTripsAtEveryVersion(
    FindCoordinatorResponse,
    {
      throttleTimeMs: 7,
      errorCode: 15,
      errorMessage: "not yet",
      nodeId: 1,
      host: "localhost",
      port: 9092,
      coordinators: [coordinator],
    },
    (v) => ({
      throttleTimeMs: v >= 1 ? 7 : 0,
      errorCode: v <= 3 ? 15 : 0,
      errorMessage: v >= 1 && v <= 3 ? "not yet" : "",
      nodeId: v <= 3 ? 1 : 0,
      host: v <= 3 ? "localhost" : "",
      port: v <= 3 ? 9092 : 0,
      coordinators: v >= 4 ? [coordinator] : [],
    }),
  );
});

Deno.test("FindCoordinator response encodes the known bytes", () => {
  const single = (errorMessage: string | null) => ({
    throttleTimeMs: 0,
    errorCode: 0,
    errorMessage,
    nodeId: 1,
    host: "h",
    port: 9092,
    coordinators: [],
  });
  assertBytes(
    FindCoordinatorResponse,
    0,
    single(""),
    [...int16(0), ...int32(1), ...str("h"), ...int32(9092)],
  );
  assertBytes(
    FindCoordinatorResponse,
    1,
    single(null),
    [...int32(0), ...int16(0), ...NULL_STR, ...int32(1), ...str("h"), ...int32(9092)],
  );
  assertBytes(
    FindCoordinatorResponse,
    3,
    single("x"),
    [...int32(0), ...int16(0), ...cstr("x"), ...int32(1), ...cstr("h"), ...int32(9092), ...TAGS],
  );
  assertBytes(
    FindCoordinatorResponse,
    4,
    {
      throttleTimeMs: 5,
      errorCode: 0,
      errorMessage: "",
      nodeId: 0,
      host: "",
      port: 0,
      coordinators: [
        { key: "g", nodeId: 1, host: "h", port: 9092, errorCode: 15, errorMessage: null },
      ],
    },
    [
      ...int32(5),
      ...carr(1),
      ...[...cstr("g"), ...int32(1), ...cstr("h"), ...int32(9092), ...int16(15), ...NULL_CSTR],
      ...TAGS,
      ...TAGS,
    ],
  );
});

// ---- JoinGroup ---------------------------------------------------------------------------------

Deno.test("JoinGroup request round-trips at every version", () => {
  const protocols = [{ name: "range", metadata: u8(0, 1, 2) }];
  roundTripsAtEveryVersion(
    JoinGroupRequest,
    {
      groupId: "grp",
      sessionTimeoutMs: 10000,
      rebalanceTimeoutMs: 30000,
      memberId: "m-1",
      groupInstanceId: "i-1",
      protocolType: "consumer",
      protocols,
      reason: "why",
    },
    (v) => ({
      groupId: "grp",
      sessionTimeoutMs: 10000,
      rebalanceTimeoutMs: v >= 1 ? 30000 : -1,
      memberId: "m-1",
      groupInstanceId: v >= 5 ? "i-1" : null,
      protocolType: "consumer",
      protocols,
      reason: v >= 8 ? "why" : null,
    }),
  );
});

Deno.test("JoinGroup request encodes the known bytes", () => {
  const value = (v: number) => ({
    groupId: "grp",
    sessionTimeoutMs: 10000,
    rebalanceTimeoutMs: v >= 1 ? 30000 : -1,
    memberId: "m",
    groupInstanceId: null,
    protocolType: "consumer",
    protocols: [{ name: "range", metadata: u8(0, 1, 2) }],
    reason: v >= 8 ? "why" : null,
  });
  assertBytes(JoinGroupRequest, 0, value(0), [
    ...str("grp"),
    ...int32(10000),
    ...str("m"),
    ...str("consumer"),
    ...arr(1),
    ...str("range"),
    ...byt([0, 1, 2]),
  ]);
  assertBytes(JoinGroupRequest, 5, value(5), [
    ...str("grp"),
    ...int32(10000),
    ...int32(30000),
    ...str("m"),
    ...NULL_STR,
    ...str("consumer"),
    ...arr(1),
    ...str("range"),
    ...byt([0, 1, 2]),
  ]);
  assertBytes(JoinGroupRequest, 8, value(8), [
    ...cstr("grp"),
    ...int32(10000),
    ...int32(30000),
    ...cstr("m"),
    ...NULL_CSTR,
    ...cstr("consumer"),
    ...carr(1),
    ...cstr("range"),
    ...cbyt([0, 1, 2]),
    ...TAGS,
    ...cstr("why"),
    ...TAGS,
  ]);
});

Deno.test("JoinGroup response round-trips at every version", () => {
  roundTripsAtEveryVersion(
    JoinGroupResponse,
    {
      throttleTimeMs: 5,
      errorCode: 0,
      generationId: 3,
      protocolType: "consumer",
      protocolName: "range",
      leader: "m-1",
      skipAssignment: true,
      memberId: "m-2",
      members: [{ memberId: "m-1", groupInstanceId: "i-1", metadata: u8(9) }],
    },
    (v) => ({
      throttleTimeMs: v >= 2 ? 5 : 0,
      errorCode: 0,
      generationId: 3,
      protocolType: v >= 7 ? "consumer" : null,
      protocolName: "range",
      leader: "m-1",
      skipAssignment: v >= 9,
      memberId: "m-2",
      members: [{ memberId: "m-1", groupInstanceId: v >= 5 ? "i-1" : null, metadata: u8(9) }],
    }),
  );
});

Deno.test("JoinGroup response encodes the known bytes", () => {
  const value = (v: number) => ({
    throttleTimeMs: v >= 2 ? 5 : 0,
    errorCode: 0,
    generationId: 3,
    protocolType: v >= 7 ? "consumer" : null,
    protocolName: "range",
    leader: "a",
    skipAssignment: v >= 9,
    memberId: "b",
    members: [{ memberId: "a", groupInstanceId: null, metadata: u8(9) }],
  });
  assertBytes(JoinGroupResponse, 0, value(0), [
    ...int16(0),
    ...int32(3),
    ...str("range"),
    ...str("a"),
    ...str("b"),
    ...arr(1),
    ...str("a"),
    ...byt([9]),
  ]);
  assertBytes(JoinGroupResponse, 6, value(6), [
    ...int32(5),
    ...int16(0),
    ...int32(3),
    ...cstr("range"),
    ...cstr("a"),
    ...cstr("b"),
    ...carr(1),
    ...[...cstr("a"), ...NULL_CSTR, ...cbyt([9]), ...TAGS],
    ...TAGS,
  ]);
  assertBytes(JoinGroupResponse, 9, { ...value(9), protocolName: null }, [
    ...int32(5),
    ...int16(0),
    ...int32(3),
    ...cstr("consumer"),
    ...NULL_CSTR,
    ...cstr("a"),
    ...int8(1),
    ...cstr("b"),
    ...carr(1),
    ...[...cstr("a"), ...NULL_CSTR, ...cbyt([9]), ...TAGS],
    ...TAGS,
  ]);
});

// ---- SyncGroup ---------------------------------------------------------------------------------

Deno.test("SyncGroup request round-trips at every version", () => {
  const assignments = [{ memberId: "m-1", assignment: u8(1, 2) }];
  roundTripsAtEveryVersion(
    SyncGroupRequest,
    {
      groupId: "grp",
      generationId: 3,
      memberId: "m-1",
      groupInstanceId: "i-1",
      protocolType: "consumer",
      protocolName: "range",
      assignments,
    },
    (v) => ({
      groupId: "grp",
      generationId: 3,
      memberId: "m-1",
      groupInstanceId: v >= 3 ? "i-1" : null,
      protocolType: v >= 5 ? "consumer" : null,
      protocolName: v >= 5 ? "range" : null,
      assignments,
    }),
  );
});

Deno.test("SyncGroup request encodes the known bytes", () => {
  const value = (v: number) => ({
    groupId: "g",
    generationId: 3,
    memberId: "m",
    groupInstanceId: v >= 3 ? "i" : null,
    protocolType: v >= 5 ? "consumer" : null,
    protocolName: null,
    assignments: [{ memberId: "m", assignment: u8(1, 2) }],
  });
  assertBytes(SyncGroupRequest, 0, value(0), [
    ...str("g"),
    ...int32(3),
    ...str("m"),
    ...arr(1),
    ...str("m"),
    ...byt([1, 2]),
  ]);
  assertBytes(SyncGroupRequest, 3, value(3), [
    ...str("g"),
    ...int32(3),
    ...str("m"),
    ...str("i"),
    ...arr(1),
    ...str("m"),
    ...byt([1, 2]),
  ]);
  assertBytes(SyncGroupRequest, 5, value(5), [
    ...cstr("g"),
    ...int32(3),
    ...cstr("m"),
    ...cstr("i"),
    ...cstr("consumer"),
    ...NULL_CSTR,
    ...carr(1),
    ...[...cstr("m"), ...cbyt([1, 2]), ...TAGS],
    ...TAGS,
  ]);
});

Deno.test("SyncGroup response round-trips at every version", () => {
  roundTripsAtEveryVersion(
    SyncGroupResponse,
    {
      throttleTimeMs: 5,
      errorCode: 27,
      protocolType: "consumer",
      protocolName: "range",
      assignment: u8(7),
    },
    (v) => ({
      throttleTimeMs: v >= 1 ? 5 : 0,
      errorCode: 27,
      protocolType: v >= 5 ? "consumer" : null,
      protocolName: v >= 5 ? "range" : null,
      assignment: u8(7),
    }),
  );
});

Deno.test("SyncGroup response encodes the known bytes", () => {
  const base = { throttleTimeMs: 0, errorCode: 0, protocolType: null, protocolName: null };
  assertBytes(SyncGroupResponse, 0, { ...base, assignment: u8(7) }, [...int16(0), ...byt([7])]);
  assertBytes(
    SyncGroupResponse,
    4,
    { ...base, throttleTimeMs: 5, assignment: u8(7) },
    [...int32(5), ...int16(0), ...cbyt([7]), ...TAGS],
  );
  assertBytes(
    SyncGroupResponse,
    5,
    { ...base, protocolType: "consumer", protocolName: "range", assignment: u8() },
    [...int32(0), ...int16(0), ...cstr("consumer"), ...cstr("range"), ...cbyt([]), ...TAGS],
  );
});

// ---- Heartbeat ---------------------------------------------------------------------------------

Deno.test("Heartbeat request round-trips at every version", () => {
  roundTripsAtEveryVersion(
    HeartbeatRequest,
    { groupId: "grp", generationId: 3, memberId: "m-1", groupInstanceId: "i-1" },
    (v) => ({
      groupId: "grp",
      generationId: 3,
      memberId: "m-1",
      groupInstanceId: v >= 3 ? "i-1" : null,
    }),
  );
});

Deno.test("Heartbeat request encodes the known bytes", () => {
  const value = { groupId: "g", generationId: 3, memberId: "m", groupInstanceId: null };
  assertBytes(HeartbeatRequest, 0, value, [...str("g"), ...int32(3), ...str("m")]);
  assertBytes(HeartbeatRequest, 3, value, [...str("g"), ...int32(3), ...str("m"), ...NULL_STR]);
  assertBytes(
    HeartbeatRequest,
    4,
    { ...value, groupInstanceId: "i" },
    [...cstr("g"), ...int32(3), ...cstr("m"), ...cstr("i"), ...TAGS],
  );
});

Deno.test("Heartbeat response round-trips at every version and encodes the known bytes", () => {
  roundTripsAtEveryVersion(
    HeartbeatResponse,
    { throttleTimeMs: 5, errorCode: 27 },
    (v) => ({ throttleTimeMs: v >= 1 ? 5 : 0, errorCode: 27 }),
  );
  assertBytes(HeartbeatResponse, 0, { throttleTimeMs: 0, errorCode: 27 }, int16(27));
  assertBytes(
    HeartbeatResponse,
    1,
    { throttleTimeMs: 5, errorCode: 27 },
    [...int32(5), ...int16(27)],
  );
  assertBytes(
    HeartbeatResponse,
    4,
    { throttleTimeMs: 5, errorCode: 27 },
    [...int32(5), ...int16(27), ...TAGS],
  );
});

// ---- LeaveGroup --------------------------------------------------------------------------------

Deno.test("LeaveGroup request round-trips at every version", () => {
  roundTripsAtEveryVersion(
    LeaveGroupRequest,
    {
      groupId: "grp",
      memberId: "m-1",
      members: [{ memberId: "m-1", groupInstanceId: "i-1", reason: "bye" }],
    },
    (v) => ({
      groupId: "grp",
      memberId: v <= 2 ? "m-1" : "",
      members: v >= 3
        ? [{ memberId: "m-1", groupInstanceId: "i-1", reason: v >= 5 ? "bye" : null }]
        : [],
    }),
  );
});

Deno.test("LeaveGroup request encodes the known bytes", () => {
  assertBytes(
    LeaveGroupRequest,
    0,
    { groupId: "g", memberId: "m", members: [] },
    [...str("g"), ...str("m")],
  );
  assertBytes(
    LeaveGroupRequest,
    3,
    {
      groupId: "g",
      memberId: "",
      members: [{ memberId: "m", groupInstanceId: null, reason: null }],
    },
    [...str("g"), ...arr(1), ...str("m"), ...NULL_STR],
  );
  assertBytes(
    LeaveGroupRequest,
    5,
    { groupId: "g", memberId: "", members: [{ memberId: "m", groupInstanceId: "i", reason: "r" }] },
    [...cstr("g"), ...carr(1), ...cstr("m"), ...cstr("i"), ...cstr("r"), ...TAGS, ...TAGS],
  );
});

Deno.test("LeaveGroup response round-trips at every version", () => {
  const members = [{ memberId: "m-1", groupInstanceId: "i-1", errorCode: 25 }];
  roundTripsAtEveryVersion(
    LeaveGroupResponse,
    { throttleTimeMs: 5, errorCode: 0, members },
    (v) => ({ throttleTimeMs: v >= 1 ? 5 : 0, errorCode: 0, members: v >= 3 ? members : [] }),
  );
});

Deno.test("LeaveGroup response encodes the known bytes", () => {
  assertBytes(LeaveGroupResponse, 0, { throttleTimeMs: 0, errorCode: 0, members: [] }, int16(0));
  assertBytes(
    LeaveGroupResponse,
    3,
    {
      throttleTimeMs: 5,
      errorCode: 0,
      members: [{ memberId: "m", groupInstanceId: null, errorCode: 25 }],
    },
    [...int32(5), ...int16(0), ...arr(1), ...str("m"), ...NULL_STR, ...int16(25)],
  );
  assertBytes(
    LeaveGroupResponse,
    4,
    {
      throttleTimeMs: 5,
      errorCode: 0,
      members: [{ memberId: "m", groupInstanceId: "i", errorCode: 0 }],
    },
    [
      ...int32(5),
      ...int16(0),
      ...carr(1),
      ...cstr("m"),
      ...cstr("i"),
      ...int16(0),
      ...TAGS,
      ...TAGS,
    ],
  );
});

// ---- OffsetCommit ------------------------------------------------------------------------------

Deno.test("OffsetCommit request round-trips at every version", () => {
  const timestampMs = 1_700_000_000_000;
  roundTripsAtEveryVersion(
    OffsetCommitRequest,
    {
      groupId: "grp",
      generationIdOrMemberEpoch: 3,
      memberId: "m-1",
      groupInstanceId: "i-1",
      retentionTimeMs: 60000,
      topics: [{
        name: "t",
        partitions: [{
          partitionIndex: 2,
          committedOffset: 42,
          committedLeaderEpoch: 4,
          commitTimestamp: timestampMs,
          committedMetadata: "md",
        }],
      }],
    },
    (v) => ({
      groupId: "grp",
      generationIdOrMemberEpoch: v >= 1 ? 3 : -1,
      memberId: v >= 1 ? "m-1" : "",
      groupInstanceId: v >= 7 ? "i-1" : null,
      retentionTimeMs: v >= 2 && v <= 4 ? 60000 : -1,
      topics: [{
        name: "t",
        partitions: [{
          partitionIndex: 2,
          committedOffset: 42,
          committedLeaderEpoch: v >= 6 ? 4 : -1,
          commitTimestamp: v === 1 ? timestampMs : -1,
          committedMetadata: "md",
        }],
      }],
    }),
  );
});

Deno.test("OffsetCommit request encodes the known bytes", () => {
  const value = (v: number, committedMetadata: string | null) => ({
    groupId: "g",
    generationIdOrMemberEpoch: v >= 1 ? 3 : -1,
    memberId: v >= 1 ? "m" : "",
    groupInstanceId: null,
    retentionTimeMs: v >= 2 && v <= 4 ? 60000 : -1,
    topics: [{
      name: "t",
      partitions: [{
        partitionIndex: 2,
        committedOffset: 42,
        committedLeaderEpoch: v >= 6 ? 4 : -1,
        commitTimestamp: v === 1 ? 1000 : -1,
        committedMetadata,
      }],
    }],
  });
  assertBytes(OffsetCommitRequest, 0, value(0, null), [
    ...str("g"),
    ...arr(1),
    ...str("t"),
    ...arr(1),
    ...[...int32(2), ...int64(42), ...NULL_STR],
  ]);
  assertBytes(OffsetCommitRequest, 1, value(1, "md"), [
    ...str("g"),
    ...int32(3),
    ...str("m"),
    ...arr(1),
    ...str("t"),
    ...arr(1),
    ...[...int32(2), ...int64(42), ...int64(1000), ...str("md")],
  ]);
  assertBytes(OffsetCommitRequest, 2, value(2, ""), [
    ...str("g"),
    ...int32(3),
    ...str("m"),
    ...int64(60000),
    ...arr(1),
    ...str("t"),
    ...arr(1),
    ...[...int32(2), ...int64(42), ...str("")],
  ]);
  assertBytes(OffsetCommitRequest, 8, value(8, null), [
    ...cstr("g"),
    ...int32(3),
    ...cstr("m"),
    ...NULL_CSTR,
    ...carr(1),
    ...cstr("t"),
    ...carr(1),
    ...[...int32(2), ...int64(42), ...int32(4), ...NULL_CSTR, ...TAGS],
    ...TAGS,
    ...TAGS,
  ]);
});

Deno.test("OffsetCommit response round-trips at every version", () => {
  const topics = [{ name: "t", partitions: [{ partitionIndex: 2, errorCode: 22 }] }];
  roundTripsAtEveryVersion(
    OffsetCommitResponse,
    { throttleTimeMs: 5, topics },
    (v) => ({ throttleTimeMs: v >= 3 ? 5 : 0, topics }),
  );
});

Deno.test("OffsetCommit response encodes the known bytes", () => {
  const value = {
    throttleTimeMs: 5,
    topics: [{ name: "t", partitions: [{ partitionIndex: 2, errorCode: 0 }] }],
  };
  const topicsClassic = [...arr(1), ...str("t"), ...arr(1), ...int32(2), ...int16(0)];
  assertBytes(OffsetCommitResponse, 2, { ...value, throttleTimeMs: 0 }, topicsClassic);
  assertBytes(OffsetCommitResponse, 3, value, [...int32(5), ...topicsClassic]);
  assertBytes(OffsetCommitResponse, 8, value, [
    ...int32(5),
    ...carr(1),
    ...cstr("t"),
    ...carr(1),
    ...[...int32(2), ...int16(0), ...TAGS],
    ...TAGS,
    ...TAGS,
  ]);
});

// ---- OffsetFetch -------------------------------------------------------------------------------

Deno.test("OffsetFetch request round-trips at every version", () => {
  const topics = [{ name: "t", partitionIndexes: [0, 1] }];
  roundTripsAtEveryVersion(
    OffsetFetchRequest,
    {
      groupId: "grp",
      topics,
      groups: [{ groupId: "grp", memberId: "m-1", memberEpoch: 4, topics }],
      requireStable: true,
    },
    (v) => ({
      groupId: v <= 7 ? "grp" : "",
      topics: v <= 7 ? topics : [],
      groups: v >= 8
        ? [{
          groupId: "grp",
          memberId: v >= 9 ? "m-1" : null,
          memberEpoch: v >= 9 ? 4 : -1,
          topics,
        }]
        : [],
      requireStable: v >= 7,
    }),
  );
});

Deno.test("OffsetFetch request carries null topics (all topics) from v2", () => {
  for (let v = 2; v <= 7; v++) {
    const value = { groupId: "grp", topics: null, groups: [], requireStable: false };
    assert.deepEqual(OffsetFetchRequest.fromBytes(OffsetFetchRequest.toBytes(v, value), v), value);
  }
  const group = { groupId: "grp", memberId: null, memberEpoch: -1, topics: null };
  const value = { groupId: "", topics: [], groups: [group], requireStable: false };
  for (const v of [8, 9]) {
    assert.deepEqual(OffsetFetchRequest.fromBytes(OffsetFetchRequest.toBytes(v, value), v), value);
  }
});

Deno.test("OffsetFetch request encodes the known bytes", () => {
  const topics = [{ name: "t", partitionIndexes: [0, 1] }];
  const base = { groupId: "g", topics, groups: [], requireStable: false };
  assertBytes(OffsetFetchRequest, 1, base, [
    ...str("g"),
    ...arr(1),
    ...str("t"),
    ...arr(2),
    ...int32(0),
    ...int32(1),
  ]);
  assertBytes(OffsetFetchRequest, 2, { ...base, topics: null }, [...str("g"), ...int32(-1)]);
  assertBytes(OffsetFetchRequest, 7, { ...base, requireStable: true }, [
    ...cstr("g"),
    ...carr(1),
    ...[...cstr("t"), ...carr(2), ...int32(0), ...int32(1), ...TAGS],
    ...int8(1),
    ...TAGS,
  ]);
  assertBytes(
    OffsetFetchRequest,
    9,
    {
      groupId: "",
      topics: [],
      groups: [{ groupId: "g", memberId: "m", memberEpoch: 4, topics: null }],
      requireStable: false,
    },
    [
      ...carr(1),
      ...[...cstr("g"), ...cstr("m"), ...int32(4), ...[0], ...TAGS],
      ...int8(0),
      ...TAGS,
    ],
  );
});

Deno.test("OffsetFetch response round-trips at every version", () => {
  const partition = {
    partitionIndex: 0,
    committedOffset: 42,
    committedLeaderEpoch: 2,
    metadata: "md",
    errorCode: 0,
  };
  const topics = [{ name: "t", partitions: [partition] }];
  roundTripsAtEveryVersion(
    OffsetFetchResponse,
    {
      throttleTimeMs: 5,
      topics,
      errorCode: 16,
      groups: [{ groupId: "grp", topics, errorCode: 16 }],
    },
    (v) => ({
      throttleTimeMs: v >= 3 ? 5 : 0,
      topics: v <= 7
        ? [{
          name: "t",
          partitions: [{ ...partition, committedLeaderEpoch: v >= 5 ? 2 : -1 }],
        }]
        : [],
      errorCode: v >= 2 && v <= 7 ? 16 : 0,
      groups: v >= 8 ? [{ groupId: "grp", topics, errorCode: 16 }] : [],
    }),
  );
});

Deno.test("OffsetFetch response encodes the known bytes", () => {
  const partition = (v: number) => ({
    partitionIndex: 0,
    committedOffset: 42,
    committedLeaderEpoch: v >= 5 ? 2 : -1,
    metadata: null,
    errorCode: 0,
  });
  const value = (v: number) => ({
    throttleTimeMs: v >= 3 ? 5 : 0,
    topics: v <= 7 ? [{ name: "t", partitions: [partition(v)] }] : [],
    errorCode: v >= 2 && v <= 7 ? 16 : 0,
    groups: v >= 8
      ? [{ groupId: "g", topics: [{ name: "t", partitions: [partition(v)] }], errorCode: 0 }]
      : [],
  });
  assertBytes(OffsetFetchResponse, 0, value(0), [
    ...arr(1),
    ...str("t"),
    ...arr(1),
    ...[...int32(0), ...int64(42), ...NULL_STR, ...int16(0)],
  ]);
  assertBytes(OffsetFetchResponse, 5, value(5), [
    ...int32(5),
    ...arr(1),
    ...str("t"),
    ...arr(1),
    ...[...int32(0), ...int64(42), ...int32(2), ...NULL_STR, ...int16(0)],
    ...int16(16),
  ]);
  assertBytes(OffsetFetchResponse, 6, value(6), [
    ...int32(5),
    ...carr(1),
    ...cstr("t"),
    ...carr(1),
    ...[...int32(0), ...int64(42), ...int32(2), ...NULL_CSTR, ...int16(0), ...TAGS],
    ...TAGS,
    ...int16(16),
    ...TAGS,
  ]);
  assertBytes(OffsetFetchResponse, 8, value(8), [
    ...int32(5),
    ...carr(1),
    ...cstr("g"),
    ...carr(1),
    ...cstr("t"),
    ...carr(1),
    ...[...int32(0), ...int64(42), ...int32(2), ...NULL_CSTR, ...int16(0), ...TAGS],
    ...TAGS,
    ...int16(0),
    ...TAGS,
    ...TAGS,
  ]);
});

// ---- DescribeGroups ----------------------------------------------------------------------------

Deno.test("DescribeGroups request round-trips at every version and encodes the known bytes", () => {
  roundTripsAtEveryVersion(
    DescribeGroupsRequest,
    { groups: ["a", "b"], includeAuthorizedOperations: true },
    (v) => ({ groups: ["a", "b"], includeAuthorizedOperations: v >= 3 }),
  );
  const value = { groups: ["a"], includeAuthorizedOperations: true };
  assertBytes(DescribeGroupsRequest, 0, { ...value, includeAuthorizedOperations: false }, [
    ...arr(1),
    ...str("a"),
  ]);
  assertBytes(DescribeGroupsRequest, 3, value, [...arr(1), ...str("a"), ...int8(1)]);
  assertBytes(DescribeGroupsRequest, 5, value, [...carr(1), ...cstr("a"), ...int8(1), ...TAGS]);
});

Deno.test("DescribeGroups response round-trips at every version", () => {
  const member = {
    memberId: "m-1",
    groupInstanceId: "i-1",
    clientId: "c",
    clientHost: "/127.0.0.1",
    memberMetadata: u8(1),
    memberAssignment: u8(2),
  };
  const group = {
    errorCode: 0,
    groupId: "grp",
    groupState: "Stable",
    protocolType: "consumer",
    protocolData: "range",
    members: [member],
    authorizedOperations: 8,
  };
  roundTripsAtEveryVersion(
    DescribeGroupsResponse,
    { throttleTimeMs: 5, groups: [group] },
    (v) => ({
      throttleTimeMs: v >= 1 ? 5 : 0,
      groups: [{
        ...group,
        members: [{ ...member, groupInstanceId: v >= 4 ? "i-1" : null }],
        authorizedOperations: v >= 3 ? 8 : -2147483648,
      }],
    }),
  );
});

Deno.test("DescribeGroups response encodes the known bytes", () => {
  const value = (v: number) => ({
    throttleTimeMs: v >= 1 ? 5 : 0,
    groups: [{
      errorCode: 0,
      groupId: "g",
      groupState: "Stable",
      protocolType: "consumer",
      protocolData: "range",
      members: [{
        memberId: "m",
        groupInstanceId: null,
        clientId: "c",
        clientHost: "h",
        memberMetadata: u8(1),
        memberAssignment: u8(2),
      }],
      authorizedOperations: v >= 3 ? 8 : -2147483648,
    }],
  });
  assertBytes(DescribeGroupsResponse, 0, value(0), [
    ...arr(1),
    ...[...int16(0), ...str("g"), ...str("Stable"), ...str("consumer"), ...str("range")],
    ...arr(1),
    ...[...str("m"), ...str("c"), ...str("h"), ...byt([1]), ...byt([2])],
  ]);
  assertBytes(DescribeGroupsResponse, 4, value(4), [
    ...int32(5),
    ...arr(1),
    ...[...int16(0), ...str("g"), ...str("Stable"), ...str("consumer"), ...str("range")],
    ...arr(1),
    ...[...str("m"), ...NULL_STR, ...str("c"), ...str("h"), ...byt([1]), ...byt([2])],
    ...int32(8),
  ]);
  assertBytes(DescribeGroupsResponse, 5, value(5), [
    ...int32(5),
    ...carr(1),
    ...[...int16(0), ...cstr("g"), ...cstr("Stable"), ...cstr("consumer"), ...cstr("range")],
    ...carr(1),
    ...[...cstr("m"), ...NULL_CSTR, ...cstr("c"), ...cstr("h"), ...cbyt([1]), ...cbyt([2])],
    ...TAGS,
    ...int32(8),
    ...TAGS,
    ...TAGS,
  ]);
});

// ---- ListGroups --------------------------------------------------------------------------------

Deno.test("ListGroups request round-trips at every version and encodes the known bytes", () => {
  roundTripsAtEveryVersion(
    ListGroupsRequest,
    { statesFilter: ["Stable"], typesFilter: ["classic"] },
    (v) => ({
      statesFilter: v >= 4 ? ["Stable"] : [],
      typesFilter: v >= 5 ? ["classic"] : [],
    }),
  );
  const value = { statesFilter: ["Stable"], typesFilter: ["classic"] };
  assertBytes(ListGroupsRequest, 0, { statesFilter: [], typesFilter: [] }, []);
  assertBytes(ListGroupsRequest, 3, { statesFilter: [], typesFilter: [] }, TAGS);
  assertBytes(ListGroupsRequest, 5, value, [
    ...carr(1),
    ...cstr("Stable"),
    ...carr(1),
    ...cstr("classic"),
    ...TAGS,
  ]);
});

Deno.test("ListGroups response round-trips at every version", () => {
  roundTripsAtEveryVersion(
    ListGroupsResponse,
    {
      throttleTimeMs: 5,
      errorCode: 0,
      groups: [{
        groupId: "grp",
        protocolType: "consumer",
        groupState: "Stable",
        groupType: "classic",
      }],
    },
    (v) => ({
      throttleTimeMs: v >= 1 ? 5 : 0,
      errorCode: 0,
      groups: [{
        groupId: "grp",
        protocolType: "consumer",
        groupState: v >= 4 ? "Stable" : "",
        groupType: v >= 5 ? "classic" : "",
      }],
    }),
  );
});

Deno.test("ListGroups response encodes the known bytes", () => {
  const group = { groupId: "g", protocolType: "consumer", groupState: "", groupType: "" };
  assertBytes(ListGroupsResponse, 0, { throttleTimeMs: 0, errorCode: 0, groups: [group] }, [
    ...int16(0),
    ...arr(1),
    ...str("g"),
    ...str("consumer"),
  ]);
  assertBytes(ListGroupsResponse, 3, { throttleTimeMs: 5, errorCode: 0, groups: [group] }, [
    ...int32(5),
    ...int16(0),
    ...carr(1),
    ...[...cstr("g"), ...cstr("consumer"), ...TAGS],
    ...TAGS,
  ]);
  assertBytes(
    ListGroupsResponse,
    5,
    {
      throttleTimeMs: 5,
      errorCode: 0,
      groups: [{ ...group, groupState: "Empty", groupType: "classic" }],
    },
    [
      ...int32(5),
      ...int16(0),
      ...carr(1),
      ...[...cstr("g"), ...cstr("consumer"), ...cstr("Empty"), ...cstr("classic"), ...TAGS],
      ...TAGS,
    ],
  );
});

// ---- DeleteGroups ------------------------------------------------------------------------------

Deno.test("DeleteGroups request round-trips at every version and encodes the known bytes", () => {
  const value = { groupsNames: ["a", "b"] };
  roundTripsAtEveryVersion(DeleteGroupsRequest, value, () => value);
  assertBytes(DeleteGroupsRequest, 0, value, [...arr(2), ...str("a"), ...str("b")]);
  assertBytes(DeleteGroupsRequest, 2, value, [...carr(2), ...cstr("a"), ...cstr("b"), ...TAGS]);
});

Deno.test("DeleteGroups response round-trips at every version and encodes the known bytes", () => {
  const value = { throttleTimeMs: 5, results: [{ groupId: "a", errorCode: 68 }] };
  roundTripsAtEveryVersion(DeleteGroupsResponse, value, () => value);
  assertBytes(DeleteGroupsResponse, 0, value, [...int32(5), ...arr(1), ...str("a"), ...int16(68)]);
  assertBytes(DeleteGroupsResponse, 2, value, [
    ...int32(5),
    ...carr(1),
    ...[...cstr("a"), ...int16(68), ...TAGS],
    ...TAGS,
  ]);
});

// ---- OffsetDelete ------------------------------------------------------------------------------

Deno.test("OffsetDelete request and response encode the known bytes (never flexible)", () => {
  const request = { groupId: "g", topics: [{ name: "t", partitions: [{ partitionIndex: 3 }] }] };
  roundTripsAtEveryVersion(OffsetDeleteRequest, request, () => request);
  assertBytes(OffsetDeleteRequest, 0, request, [
    ...str("g"),
    ...arr(1),
    ...str("t"),
    ...arr(1),
    ...int32(3),
  ]);
  const response = {
    errorCode: 0,
    throttleTimeMs: 5,
    topics: [{ name: "t", partitions: [{ partitionIndex: 3, errorCode: 86 }] }],
  };
  roundTripsAtEveryVersion(OffsetDeleteResponse, response, () => response);
  assertBytes(OffsetDeleteResponse, 0, response, [
    ...int16(0),
    ...int32(5),
    ...arr(1),
    ...str("t"),
    ...arr(1),
    ...int32(3),
    ...int16(86),
  ]);
});
