/**
 * Consumer group scenarios that every group client runs the same way (each test file registers
 * them for its clients with groupTests()), and the group setup the admin tests share.
 */
import assert from "node:assert/strict";
import type { TestBroker } from "./broker.ts";
import {
  committed,
  type GroupScenario,
  type GroupSession,
  type MemberSession,
  newGroupTopic,
  type ProcessSession,
  QUIET_MS,
  SETTLE_MS,
  sleep,
  tp,
} from "./group_client.ts";
import {
  HEARTBEAT_INTERVAL_MS,
  type Member,
  REBALANCE_TIMEOUT_MS,
  SESSION_TIMEOUT_MS,
  sortTopicPartitions,
  type TopicPartitions,
} from "./groups_member.ts";

const same = (x: TopicPartitions, y: TopicPartitions) => JSON.stringify(x) === JSON.stringify(y);

/** Waits until `member` holds exactly `expected`. */
function untilAssigned(member: Member, expected: TopicPartitions, timeoutMs = SETTLE_MS) {
  return member.until(
    () => same(member.assignment(), expected),
    timeoutMs,
    `${member.name} has ${JSON.stringify(expected)}`,
  );
}

/** Waits until `member` holds `count` partitions. */
function untilHolds(member: Member, count: number) {
  return member.until(
    () => member.assignment().length === count,
    SETTLE_MS,
    `${member.name} has ${count} partitions`,
  );
}

/**
 * Asserts the group's members are exactly `members` (by client id), and that what each client
 * reported about its last join agrees with the broker: member id, generation, protocol, and the
 * partitions its rebalance callback was handed.
 */
function assertMembers(b: TestBroker, groupId: string, members: Member[]): void {
  const described = b.broker.groups.describe(groupId);
  assert.deepEqual(
    described.members.map((d) => d.clientId).sort(),
    members.map((m) => m.clientId).sort(),
  );
  const memberIds = described.members.map((d) => d.memberId);
  for (const m of members) {
    const join = m.lastJoin();
    if (join.memberId !== undefined) assert(memberIds.includes(join.memberId), `${m.name} left`);
    if (join.generationId !== undefined) {
      assert.equal(join.generationId, described.generationId, `${m.name}'s generation`);
    }
    if (join.protocol !== undefined) assert.equal(join.protocol, described.protocolName);
    if (join.partitions !== undefined) assert.deepEqual(join.partitions, m.assignment());
  }
}

export const resume: GroupScenario<GroupSession> = {
  title: "a new consumer resumes at the committed offsets, exactly",
  async run(s) {
    const { topic, groupId } = await newGroupTopic(s, "resume", 2);
    const sent = [0, 1].map((p) => Array.from({ length: 10 }, (_, i) => `p${p}-m${i}`));
    for (let p = 0; p < 2; p++) await s.produce(topic, p, sent[p]);

    // Process the first 7 that arrive: commit one past the last of each partition, then leave.
    const processed = (await s.consumeCommitLeave("resume-1", groupId, topic, 7)).slice(0, 7);
    const processedBy = (p: number) => processed.filter((m) => m.partition === p);
    for (let p = 0; p < 2; p++) {
      const offsets = processedBy(p).map((m) => m.offset);
      assert.deepEqual(offsets, offsets.map((_, i) => i), `partition ${p} read in order`);
    }
    assert.deepEqual(
      committed(s.b, groupId, topic, 2),
      [0, 1].map((p) => processedBy(p).length === 0 ? -1 : processedBy(p).length),
    );
    assert.equal(s.b.broker.groups.describe(groupId).state, "Empty");

    const more = [0, 1].map((p) => Array.from({ length: 3 }, (_, i) => `p${p}-late${i}`));
    for (let p = 0; p < 2; p++) await s.produce(topic, p, more[p]);
    const second = await s.consumeCommitLeave("resume-2", groupId, topic, 26 - 7);
    assert.equal(second.length, 26 - 7, "anything more would be a duplicate");
    for (let p = 0; p < 2; p++) {
      // No duplicates, no gaps: the second member starts where the first one committed.
      assert.deepEqual(
        [...processedBy(p), ...second.filter((m) => m.partition === p)]
          .map((m) => [m.offset, m.value]),
        [...sent[p], ...more[p]].map((value, offset) => [offset, value]),
        `partition ${p}`,
      );
    }
    assert.deepEqual(committed(s.b, groupId, topic, 2), [13, 13]);
    if (s.fetchCommitted) {
      assert.deepEqual(await s.fetchCommitted(groupId, topic), [[0, 13], [1, 13]]);
    }
  },
};

export const splitAndLeave: GroupScenario<MemberSession> = {
  title: "two members split 4 partitions; after one leaves the other has all",
  async run(s) {
    const { topic, groupId } = await newGroupTopic(s, "split", 4);
    const a = await s.startMember("split-a", groupId, [topic]);
    await untilAssigned(a, tp(topic, 0, 1, 2, 3));
    const m = await s.startMember("split-b", groupId, [topic]);
    await untilHolds(a, 2);
    await untilHolds(m, 2);
    assert.deepEqual(
      sortTopicPartitions([...a.assignment(), ...m.assignment()]),
      tp(topic, 0, 1, 2, 3),
    );
    const described = s.b.broker.groups.describe(groupId);
    assert.deepEqual([described.state, described.protocolName], ["Stable", s.defaultProtocol]);
    assertMembers(s.b, groupId, [a, m]);

    const leftAtMs = Date.now();
    await m.close();
    await untilAssigned(a, tp(topic, 0, 1, 2, 3), REBALANCE_TIMEOUT_MS);
    const takeoverMs = Date.now() - leftAtMs;
    // A LeaveGroup starts the rebalance at once: no session timeout to wait for.
    assert(takeoverMs < SESSION_TIMEOUT_MS, `takeover after a leave took ${takeoverMs} ms`);
    assertMembers(s.b, groupId, [a]);

    for (let p = 0; p < 4; p++) await s.produce(topic, p, [`after-leave-${p}`]);
    await a.until(() => a.received().length === 4, SETTLE_MS, "4 records");
    assert.deepEqual(
      a.received().map((x) => [x.partition, x.offset, x.value]).sort(),
      [0, 1, 2, 3].map((p) => [p, 0, `after-leave-${p}`]),
    );
    await a.close();
  },
};

export const killedMemberEvicted: GroupScenario<ProcessSession> = {
  title: "a member killed with SIGKILL is evicted by its session timeout",
  async run(s) {
    const sessionTimeoutMs = 3_000;
    const { topic, groupId } = await newGroupTopic(s, "kill", 4);
    const survivor = await s.startMember("survivor", groupId, [topic], { sessionTimeoutMs });
    await untilAssigned(survivor, tp(topic, 0, 1, 2, 3));
    const victim = await s.startProcess("victim", groupId, [topic], { sessionTimeoutMs });
    await untilHolds(victim, 2);
    await untilHolds(survivor, 2);
    const generationBefore = s.b.broker.groups.describe(groupId).generationId;

    const killedAtMs = Date.now();
    await victim.kill();
    // Nothing tells the broker: the victim stays a member until its session expires.
    await sleep(sessionTimeoutMs / 2);
    assert.equal(s.b.broker.groups.describe(groupId).members.length, 2);
    assert.equal(s.b.broker.groups.describe(groupId).generationId, generationBefore);

    await untilAssigned(survivor, tp(topic, 0, 1, 2, 3), sessionTimeoutMs + SETTLE_MS);
    const takeoverMs = Date.now() - killedAtMs;
    // The victim's last heartbeat was at most one heartbeat interval before the kill.
    assert(
      takeoverMs >= sessionTimeoutMs - HEARTBEAT_INTERVAL_MS,
      `takeover after ${takeoverMs} ms`,
    );
    const after = s.b.broker.groups.describe(groupId);
    assert.equal(after.state, "Stable");
    assert.equal(after.generationId, generationBefore + 1);
    assertMembers(s.b, groupId, [survivor]);

    // The survivor took over the victim's partitions and reads from all four.
    for (let p = 0; p < 4; p++) {
      await s.produce(topic, p, [`after-kill-${p}-a`, `after-kill-${p}-b`]);
    }
    await survivor.until(() => survivor.received().length === 8, SETTLE_MS, "8 records");
    assert.deepEqual(
      survivor.received().map((x) => [x.partition, x.offset, x.value]).sort(),
      [0, 1, 2, 3].flatMap((p) => [[p, 0, `after-kill-${p}-a`], [p, 1, `after-kill-${p}-b`]]),
    );
    await survivor.close();
  },
};

export const staticMemberRestart: GroupScenario<ProcessSession> = {
  title: "a static member restarted within its session timeout keeps its partitions",
  async run(s) {
    const { topic, groupId } = await newGroupTopic(s, "static", 4);
    const first = await s.startProcess("static-a", groupId, [topic], {
      groupInstanceId: "instance-a",
    });
    await untilAssigned(first, tp(topic, 0, 1, 2, 3));
    const other = await s.startMember("static-b", groupId, [topic], {
      groupInstanceId: "instance-b",
    });
    await untilHolds(other, 2);
    await untilHolds(first, 2);
    const before = s.b.broker.groups.describe(groupId);
    assert.equal(before.state, "Stable");
    const aPartitions = first.assignment();
    const otherEvents = other.groupEventCount();

    await first.kill();
    const restarted = await s.startProcess("static-a", groupId, [topic], {
      groupInstanceId: "instance-a",
    });
    await untilAssigned(restarted, aPartitions, SESSION_TIMEOUT_MS);
    const after = s.b.broker.groups.describe(groupId);
    // No rebalance: same generation, same state, the instance under a new member id.
    assert.equal(after.generationId, before.generationId);
    assert.equal(after.state, "Stable");
    const byInstance = (d: typeof before) =>
      Object.fromEntries(d.members.map((m) => [m.groupInstanceId, [m.memberId, m.assignment]]));
    assert.deepEqual(
      after.members.map((m) => m.groupInstanceId).sort(),
      ["instance-a", "instance-b"],
    );
    const [oldMemberId, oldAssignment] = byInstance(before)["instance-a"];
    const [newMemberId, newAssignment] = byInstance(after)["instance-a"];
    assert.notEqual(newMemberId, oldMemberId);
    assert.deepEqual(newAssignment, oldAssignment);
    assert.deepEqual(byInstance(after)["instance-b"], byInstance(before)["instance-b"]);
    // The first member to join leads the group: the restarted instance is still the leader.
    assert.equal(before.leaderId, oldMemberId);
    assert.equal(after.leaderId, newMemberId);
    assertMembers(s.b, groupId, [restarted, other]);

    // Past the old member's session timeout: still no rebalance, the other never rejoined.
    await sleep(SESSION_TIMEOUT_MS);
    assert.equal(s.b.broker.groups.describe(groupId).generationId, before.generationId);
    assert.equal(other.groupEventCount(), otherEvents);
    assert.deepEqual(restarted.assignment(), aPartitions);
    assert.equal(restarted.all("assignment").length, 1);
    await restarted.close();
    await other.close();
  },
};

export const inconsistentProtocol: GroupScenario<MemberSession> = {
  title: "a member offering only another assignor gets INCONSISTENT_GROUP_PROTOCOL",
  async run(s) {
    const { topic, groupId } = await newGroupTopic(s, "inconsistent", 4);
    const [kept, other] = s.exclusiveProtocols;
    const a = await s.startMember(`${kept}-only`, groupId, [topic], { assignor: kept });
    await untilAssigned(a, tp(topic, 0, 1, 2, 3));
    const generation = s.b.broker.groups.describe(groupId).generationId;

    const refused = await s.joinRefused(`${other}-only`, groupId, [topic], { assignor: other });
    assert(
      refused.errorIds.includes("INCONSISTENT_GROUP_PROTOCOL"),
      `error ids: ${refused.errorIds}`,
    );
    assert.deepEqual(refused.member.lastJoin(), {}, "the refused member never joined");
    assert.deepEqual(refused.member.assignment(), []);
    // The group is untouched: one member, same generation, a keeps everything.
    assertMembers(s.b, groupId, [a]);
    const described = s.b.broker.groups.describe(groupId);
    assert.equal(described.generationId, generation);
    assert.equal(described.protocolName, kept);
    assert.deepEqual(a.assignment(), tp(topic, 0, 1, 2, 3));
    await refused.member.close();
    await a.close();
  },
};

export const rewind: GroupScenario<MemberSession> = {
  title: "committing a lower offset rewinds the group; the next member resumes there",
  async run(s) {
    const { topic, groupId } = await newGroupTopic(s, "rewind", 1);
    const values = Array.from({ length: 10 }, (_, i) => `rewind-${i}`);
    await s.produce(topic, 0, values);

    const first = await s.startMember("rewind-1", groupId, [topic]);
    await first.until(() => first.received().length === 10, SETTLE_MS, "10 records");
    assert.deepEqual(first.received().map((m) => m.value), values);
    await first.commitReceived();
    assert.deepEqual(committed(s.b, groupId, topic, 1), [10]);
    // A running member commits backwards.
    await first.commit(topic, [[0, 4]]);
    assert.deepEqual(committed(s.b, groupId, topic, 1), [4]);
    if (s.fetchCommitted) assert.deepEqual(await s.fetchCommitted(groupId, topic), [[0, 4]]);
    await first.close();

    let resumeAt = 4;
    if (s.setCommittedByAdmin) {
      // With the group empty, an admin moves it further back.
      resumeAt = 2;
      await s.setCommittedByAdmin(groupId, topic, 0, resumeAt);
      assert.deepEqual(committed(s.b, groupId, topic, 1), [resumeAt]);
      if (s.fetchCommitted) {
        assert.deepEqual(await s.fetchCommitted(groupId, topic), [[0, resumeAt]]);
      }
      assert.equal(s.b.broker.groups.describe(groupId).state, "Empty");
    }

    const second = await s.startMember("rewind-2", groupId, [topic]);
    await second.until(
      () => second.received().length >= 10 - resumeAt,
      SETTLE_MS,
      `${10 - resumeAt} records`,
    );
    await sleep(QUIET_MS); // time to (wrongly) read more
    assert.deepEqual(
      second.received().map((m) => [m.offset, m.value]),
      values.slice(resumeAt).map((v, i) => [i + resumeAt, v]),
    );
    await second.close();
  },
};

/** The shared scenarios, by what a client's sessions can do. */
export const groupScenarios: {
  /** For clients that only read, commit and leave (kcat -G). */
  readers: GroupScenario<GroupSession>[];
  /** For clients with long-lived members. */
  members: GroupScenario<MemberSession>[];
  /** For clients that can also run members in child processes, to kill them. */
  processes: GroupScenario<ProcessSession>[];
} = {
  readers: [resume],
  members: [resume, splitAndLeave, inconsistentProtocol, rewind],
  processes: [
    resume,
    splitAndLeave,
    killedMemberEvicted,
    staticMemberRestart,
    inconsistentProtocol,
    rewind,
  ],
};

/**
 * Sets up what the admin tests look at: `${topic}-empty`, a group that read the 3 records of
 * partition 2, committed and left (Empty, offset 3 committed there), and `${topic}-active`, a
 * Stable group of admin-a and admin-b with 2 of the topic's 4 partitions each.
 */
export async function emptyAndActiveGroups(s: MemberSession, topic: string) {
  const activeGroup = `${topic}-active`;
  const emptyGroup = `${topic}-empty`;
  await s.createTopic(topic, 4);
  await s.produce(topic, 2, ["x", "y", "z"]);
  await s.consumeCommitLeave("gone", emptyGroup, topic, 3);

  const a = await s.startMember("admin-a", activeGroup, [topic]);
  await untilAssigned(a, tp(topic, 0, 1, 2, 3));
  const m = await s.startMember("admin-b", activeGroup, [topic]);
  await untilHolds(m, 2);
  await untilHolds(a, 2);
  await a.until(
    () => s.b.broker.groups.describe(activeGroup).state === "Stable",
    SETTLE_MS,
    "stable",
  );
  return { activeGroup, emptyGroup, a, m };
}
