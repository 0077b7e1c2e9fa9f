/**
 * The group coordinator driven directly through every state transition, with fake time, so the
 * join barrier, the initial delay, session expiry and static membership are tested without
 * sleeping.
 */
import assert from "node:assert/strict";
import FakeTimers from "@sinonjs/fake-timers";
import { GroupCoordinator, type JoinRequest } from "../broker/groups/coordinator.ts";
import type { JoinOutcome } from "../broker/groups/group.ts";
import { ErrorCode } from "../broker/protocol/errors.ts";
import { createLogger } from "../broker/settings/log.ts";

const enc = new TextEncoder();
const SESSION_MS = 10_000;
const REBALANCE_MS = 30_000;

function setup(initialRebalanceDelayMs = 0) {
  const clock = FakeTimers.install({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  const coordinator = new GroupCoordinator({
    initialRebalanceDelayMs,
    minSessionTimeoutMs: 1000,
    maxSessionTimeoutMs: 1_800_000,
    now: () => Date.now(),
    log: createLogger("error"),
  });
  return {
    clock,
    coordinator,
    stop() {
      coordinator.close();
      clock.uninstall();
    },
  };
}

function joinReq(over: Partial<JoinRequest> = {}): JoinRequest {
  return {
    groupId: "g",
    memberId: "",
    groupInstanceId: null,
    clientId: "c",
    clientHost: "/127.0.0.1",
    sessionTimeoutMs: SESSION_MS,
    rebalanceTimeoutMs: REBALANCE_MS,
    protocolType: "consumer",
    protocols: [{ name: "range", metadata: enc.encode("m") }],
    requireKnownMemberId: false,
    ...over,
  };
}

/** Whether a promise has settled, without waiting for it. */
async function settled<T>(p: Promise<T>): Promise<{ done: boolean; value?: T }> {
  const marker = Symbol();
  const v = await Promise.race([p, Promise.resolve(marker)]);
  return v === marker ? { done: false } : { done: true, value: v as T };
}

/** Joins members one after another and syncs them to Stable; returns their member ids. */
async function stableGroup(
  c: GroupCoordinator,
  count: number,
): Promise<{ ids: string[]; generation: number }> {
  const joins: Promise<JoinOutcome>[] = [];
  for (let i = 0; i < count; i++) joins.push(c.join(joinReq({ clientId: `c${i}` })));
  // The first join completes alone (no delay); the others each trigger a rebalance that needs
  // everyone to rejoin, so rejoin whoever is not waiting until all are in one generation.
  let outcomes = await Promise.all(joins.map(settled));
  for (let round = 0; round < count + 1; round++) {
    const g = c.groups.get("g")!;
    if (g.state === "CompletingRebalance" && g.members.size === count) break;
    const rejoins = [...g.members.values()].filter((m) => !m.awaitingJoin).map((m) =>
      c.join(joinReq({ memberId: m.memberId, clientId: m.clientId }))
    );
    outcomes = await Promise.all(rejoins.map(settled));
  }
  const g = c.groups.get("g")!;
  assert.equal(g.state, "CompletingRebalance");
  const ids = [...g.members.keys()];
  const syncs = ids.map((memberId) =>
    c.sync({
      groupId: "g",
      generationId: g.generationId,
      memberId,
      groupInstanceId: null,
      protocolType: "consumer",
      protocolName: "range",
      assignments: memberId === g.leaderId
        ? ids.map((id) => ({ memberId: id, assignment: enc.encode(`a-${id}`) }))
        : [],
    })
  );
  for (const s of await Promise.all(syncs)) assert.equal(s.errorCode, 0);
  assert.equal(g.state, "Stable");
  void outcomes;
  return { ids, generation: g.generationId };
}

Deno.test("Empty -> PreparingRebalance -> CompletingRebalance -> Stable, with MEMBER_ID_REQUIRED", async () => {
  const t = setup();
  try {
    const c = t.coordinator;
    const first = await c.join(joinReq({ requireKnownMemberId: true }));
    assert.equal(first.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
    assert.notEqual(first.memberId, "");
    assert.equal(c.groups.get("g")!.state, "Empty");
    const joined = await c.join(joinReq({ memberId: first.memberId, requireKnownMemberId: true }));
    assert.equal(joined.errorCode, 0);
    assert.equal(joined.generationId, 1);
    assert.equal(joined.leader, first.memberId);
    assert.equal(joined.protocolName, "range");
    assert.equal(joined.members.length, 1);
    assert.equal(c.groups.get("g")!.state, "CompletingRebalance");
    const synced = await c.sync({
      groupId: "g",
      generationId: 1,
      memberId: first.memberId,
      groupInstanceId: null,
      protocolType: "consumer",
      protocolName: "range",
      assignments: [{ memberId: first.memberId, assignment: enc.encode("mine") }],
    });
    assert.deepEqual([synced.errorCode, new TextDecoder().decode(synced.assignment)], [0, "mine"]);
    assert.equal(c.groups.get("g")!.state, "Stable");
    assert.equal(c.heartbeat("g", 1, first.memberId, null), ErrorCode.NONE);
  } finally {
    t.stop();
  }
});

Deno.test("the initial rebalance delay waits for more members and each one extends it", async () => {
  const t = setup(3000);
  try {
    const c = t.coordinator;
    const a = c.join(joinReq({ clientId: "a" }));
    await t.clock.tickAsync(2000);
    assert.equal((await settled(a)).done, false);
    const b = c.join(joinReq({ clientId: "b" }));
    await t.clock.tickAsync(1500); // 3000 ms after A: the delay was extended by B's arrival
    assert.equal((await settled(a)).done, false);
    await t.clock.tickAsync(3000);
    const [ra, rb] = await Promise.all([a, b]);
    assert.equal(ra.errorCode, 0);
    assert.equal(ra.generationId, 1);
    assert.equal(rb.generationId, 1);
    assert.equal(ra.members.length + rb.members.length, 2, "the leader sees both members");
  } finally {
    t.stop();
  }
});

Deno.test("the join barrier waits for every member, and drops those that never rejoin", async () => {
  const t = setup();
  try {
    const c = t.coordinator;
    const { ids: [a, b], generation } = await stableGroup(c, 2);
    // B rejoins with new metadata: a rebalance starts and A is told by its heartbeat.
    const bJoin = c.join(joinReq({
      memberId: b,
      protocols: [{ name: "range", metadata: enc.encode("new") }],
    }));
    assert.equal(c.groups.get("g")!.state, "PreparingRebalance");
    assert.equal(c.heartbeat("g", generation, a, null), ErrorCode.REBALANCE_IN_PROGRESS);
    // A keeps heartbeating (so its session does not expire) but never rejoins.
    for (let elapsedMs = 0; elapsedMs < REBALANCE_MS - 5000; elapsedMs += 5000) {
      await t.clock.tickAsync(5000);
      assert.equal(c.heartbeat("g", generation, a, null), ErrorCode.REBALANCE_IN_PROGRESS);
    }
    await t.clock.tickAsync(4999);
    assert.equal((await settled(bJoin)).done, false, "waits for A up to the rebalance timeout");
    // A may commit during PreparingRebalance (it is revoking its partitions).
    assert.equal(c.checkCommit("g", generation, a, null), ErrorCode.NONE);
    await t.clock.tickAsync(1);
    const rb = await bJoin;
    assert.equal(rb.errorCode, 0);
    assert.equal(rb.generationId, generation + 1);
    assert.deepEqual([...c.groups.get("g")!.members.keys()], [b], "A did not rejoin: removed");
    assert.equal(c.heartbeat("g", generation + 1, a, null), ErrorCode.UNKNOWN_MEMBER_ID);
  } finally {
    t.stop();
  }
});

Deno.test("a rebalance completes as soon as every member has rejoined", async () => {
  const t = setup();
  try {
    const c = t.coordinator;
    const { ids: [a, b], generation } = await stableGroup(c, 2);
    assert.equal(c.leave("g", [{ memberId: "nobody", groupInstanceId: null }])[0].errorCode, 25);
    const bJoin = c.join(
      joinReq({ memberId: b, protocols: [{ name: "range", metadata: enc.encode("x") }] }),
    );
    const aJoin = c.join(joinReq({ memberId: a }));
    const [ra, rb] = await Promise.all([aJoin, bJoin]);
    assert.equal(ra.generationId, generation + 1);
    assert.equal(rb.generationId, generation + 1);
    assert.equal(c.groups.get("g")!.state, "CompletingRebalance");
    // Heartbeats between join and sync are fine; commits are not (REBALANCE_IN_PROGRESS).
    assert.equal(c.heartbeat("g", generation + 1, a, null), ErrorCode.NONE);
    assert.equal(c.checkCommit("g", generation + 1, a, null), ErrorCode.REBALANCE_IN_PROGRESS);
    // A sync from the old generation is refused.
    const stale = await c.sync({
      groupId: "g",
      generationId: generation,
      memberId: a,
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
      assignments: [],
    });
    assert.equal(stale.errorCode, ErrorCode.ILLEGAL_GENERATION);
  } finally {
    t.stop();
  }
});

Deno.test("a silent member is evicted after its session timeout; the survivor rebalances", async () => {
  const t = setup();
  try {
    const c = t.coordinator;
    const { ids: [a, b], generation } = await stableGroup(c, 2);
    for (let i = 0; i < 3; i++) {
      await t.clock.tickAsync(3000);
      assert.equal(c.heartbeat("g", generation, b, null), ErrorCode.NONE);
    }
    assert.equal(c.groups.get("g")!.members.has(a), true, "9 s of silence: still a member");
    await t.clock.tickAsync(1001);
    assert.equal(c.groups.get("g")!.members.has(a), false, "A never heartbeated: evicted");
    assert.equal(c.groups.get("g")!.state, "PreparingRebalance");
    assert.equal(c.heartbeat("g", generation, b, null), ErrorCode.REBALANCE_IN_PROGRESS);
    const rb = await c.join(joinReq({ memberId: b }));
    assert.deepEqual([rb.errorCode, rb.generationId, rb.leader], [0, generation + 1, b]);
    assert.deepEqual(rb.members.map((m) => m.memberId), [b]);
  } finally {
    t.stop();
  }
});

Deno.test("LeaveGroup triggers a rebalance; the last member leaving empties the group", async () => {
  const t = setup();
  try {
    const c = t.coordinator;
    const { ids: [a, b], generation } = await stableGroup(c, 2);
    assert.equal(c.leave("g", [{ memberId: a, groupInstanceId: null }])[0].errorCode, 0);
    assert.equal(c.groups.get("g")!.state, "PreparingRebalance");
    const rb = await c.join(joinReq({ memberId: b }));
    assert.equal(rb.generationId, generation + 1);
    await c.sync({
      groupId: "g",
      generationId: rb.generationId,
      memberId: b,
      groupInstanceId: null,
      protocolType: "consumer",
      protocolName: "range",
      assignments: [{ memberId: b, assignment: enc.encode("all") }],
    });
    assert.equal(c.leave("g", [{ memberId: b, groupInstanceId: null }])[0].errorCode, 0);
    await t.clock.tickAsync(0);
    assert.equal(c.groups.get("g")!.state, "Empty");
    assert.equal(c.describe("g").members.length, 0);
  } finally {
    t.stop();
  }
});

Deno.test("a static member that comes back keeps its place without a rebalance; the old one is fenced", async () => {
  const t = setup();
  try {
    const c = t.coordinator;
    const first = await c.join(joinReq({ groupInstanceId: "i1" }));
    await c.sync({
      groupId: "g",
      generationId: first.generationId,
      memberId: first.memberId,
      groupInstanceId: "i1",
      protocolType: "consumer",
      protocolName: "range",
      assignments: [{ memberId: first.memberId, assignment: enc.encode("p0,p1") }],
    });
    // The process restarts within its session timeout and joins with only its instance id.
    await t.clock.tickAsync(SESSION_MS / 2);
    const again = await c.join(joinReq({ groupInstanceId: "i1" }));
    assert.equal(again.errorCode, 0);
    assert.equal(again.generationId, first.generationId, "no new generation");
    assert.notEqual(again.memberId, first.memberId);
    assert.equal(c.groups.get("g")!.state, "Stable");
    const synced = await c.sync({
      groupId: "g",
      generationId: again.generationId,
      memberId: again.memberId,
      groupInstanceId: "i1",
      protocolType: "consumer",
      protocolName: "range",
      assignments: [],
    });
    assert.equal(new TextDecoder().decode(synced.assignment), "p0,p1");
    assert.equal(
      c.heartbeat("g", first.generationId, first.memberId, "i1"),
      ErrorCode.FENCED_INSTANCE_ID,
    );
    // Its session still expires normally when it stops heartbeating.
    await t.clock.tickAsync(SESSION_MS + 1);
    assert.equal(c.groups.get("g")!.members.size, 0);
  } finally {
    t.stop();
  }
});

Deno.test("protocol selection by members' votes; no common protocol is refused", async () => {
  const t = setup(1000);
  try {
    const c = t.coordinator;
    const p = (...names: string[]) => names.map((name) => ({ name, metadata: enc.encode(name) }));
    const joins = [
      c.join(joinReq({ clientId: "a", protocols: p("range", "roundrobin") })),
      c.join(joinReq({ clientId: "b", protocols: p("roundrobin", "range") })),
      c.join(joinReq({ clientId: "c", protocols: p("roundrobin", "cooperative-sticky", "range") })),
    ];
    const refused = await c.join(joinReq({ clientId: "d", protocols: p("sticky") }));
    assert.equal(refused.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const otherType = await c.join(joinReq({ clientId: "e", protocolType: "connect" }));
    assert.equal(otherType.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    // B and C arrived during the first delay, so it runs once more before completing.
    await t.clock.tickAsync(1000);
    assert.equal(c.groups.get("g")!.state, "PreparingRebalance");
    await t.clock.tickAsync(1000);
    const outcomes = await Promise.all(joins);
    assert.deepEqual(outcomes.map((o) => o.protocolName), [
      "roundrobin",
      "roundrobin",
      "roundrobin",
    ]);
    const leader = outcomes.find((o) => o.members.length > 0)!;
    assert.deepEqual(
      leader.members.map((m) => new TextDecoder().decode(m.metadata)),
      ["roundrobin", "roundrobin", "roundrobin"],
      "the leader gets each member's metadata for the chosen protocol",
    );
  } finally {
    t.stop();
  }
});

Deno.test("offsets: simple consumers, backwards commits, metadata, and group deletion", async () => {
  const t = setup();
  try {
    const c = t.coordinator;
    const commit = (offset: number, metadata: string | null) =>
      c.commit("simple", { topic: "t", partition: 0, offset, leaderEpoch: -1, metadata });
    assert.equal(c.checkCommit("simple", -1, "", null), ErrorCode.NONE);
    assert.equal(commit(100, "first"), 0);
    assert.equal(commit(40, "rewound"), 0);
    assert.deepEqual(
      [c.offsets.get("simple", "t", 0)!.offset, c.offsets.get("simple", "t", 0)!.metadata],
      [40, "rewound"],
    );
    assert.equal(commit(1, "x".repeat(5000)), ErrorCode.OFFSET_METADATA_TOO_LARGE);
    // An active group refuses simple commits and deletion.
    const { ids: [a] } = await stableGroup(c, 1);
    assert.equal(c.checkCommit("g", -1, "", null), ErrorCode.UNKNOWN_MEMBER_ID);
    assert.equal(c.checkCommit("g", 99, a, null), ErrorCode.ILLEGAL_GENERATION);
    assert.equal(c.deleteGroup("g"), ErrorCode.NON_EMPTY_GROUP);
    assert.equal(c.deleteGroup("nope"), ErrorCode.GROUP_ID_NOT_FOUND);
    assert.equal(c.deleteGroup("simple"), ErrorCode.NONE);
    assert.equal(c.offsets.get("simple", "t", 0), undefined);
    assert.equal(c.describe("simple").state, "Dead");
    // Offsets of a deleted topic go away.
    c.commit("g", { topic: "gone", partition: 0, offset: 5, leaderEpoch: -1, metadata: null });
    c.forgetTopic("gone");
    assert.equal(c.offsets.get("g", "gone", 0), undefined);
  } finally {
    t.stop();
  }
});

Deno.test("a member id handed out with MEMBER_ID_REQUIRED expires if never used", async () => {
  const t = setup();
  try {
    const c = t.coordinator;
    const { ids: [a], generation } = await stableGroup(c, 1);
    const pending = await c.join(joinReq({ requireKnownMemberId: true, clientId: "late" }));
    assert.equal(pending.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
    // Stable is not disturbed by a pending id; it just waits to be used.
    assert.equal(c.heartbeat("g", generation, a, null), ErrorCode.NONE);
    await t.clock.tickAsync(SESSION_MS + 1);
    const used = await c.join(joinReq({ memberId: pending.memberId, clientId: "late" }));
    assert.equal(used.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
  } finally {
    t.stop();
  }
});
