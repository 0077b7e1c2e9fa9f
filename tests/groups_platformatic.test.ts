/**
 * Consumer groups with @platformatic/kafka: joins, rebalances on leave and on session expiry,
 * resuming from committed offsets (forwards and backwards), static membership, protocol
 * mismatches, the admin group APIs, and a broker with consumer groups disabled.
 *
 * Members that must die without leaving run in a child process
 * (tests/helpers/groups_platformatic_member.ts) and are killed with SIGKILL. The client has no
 * cooperative rebalancing (classic eager protocol only), so that is covered with librdkafka.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { Admin, apiVersionsV3, Connection, Producer } from "@platformatic/kafka";
import { type TestBroker, uniqueTopic, withBroker } from "./helpers/broker.ts";
import { clientOptions, protocolErrorIds } from "./helpers/platformatic.ts";
import {
  GroupMember,
  HEARTBEAT_INTERVAL_MS,
  SESSION_TIMEOUT_MS,
  startMemberProcess,
} from "./helpers/groups_platformatic.ts";
import {
  type MemberProcess,
  sortTopicPartitions,
  type TopicPartitions,
} from "./helpers/groups_member.ts";
import { waitUntil } from "./helpers/wait_until.ts";
import type { Settings } from "../broker/settings/load.ts";

const GROUP_SETTINGS: Partial<Settings> = { groupInitialRebalanceDelayMs: 0 };
/** How long a test waits for a group to settle after a join or a leave. */
const SETTLE_MS = 10_000;

interface Clients {
  b: TestBroker;
  admin: Admin;
  producer: Producer;
  /** Members started by the test; each is closed (or killed) afterwards. */
  members: GroupMember[];
  processes: MemberProcess[];
}

/** Runs `fn` with an admin and a producer on a fresh broker; stops every member afterwards. */
function withClients(fn: (c: Clients) => Promise<void>, overrides = GROUP_SETTINGS) {
  return withBroker(overrides, async (b) => {
    const admin = new Admin(clientOptions(b));
    const producer = new Producer(clientOptions(b));
    const members: GroupMember[] = [];
    const processes: MemberProcess[] = [];
    try {
      await fn({ b, admin, producer, members, processes });
    } finally {
      await Promise.all(processes.map((p) => p.kill()));
      await Promise.all(members.map((m) => m.close()));
      await producer.close();
      await admin.close();
    }
  });
}

/** Produces `values` to one partition. */
async function produce(producer: Producer, topic: string, partition: number, values: string[]) {
  await producer.send({
    messages: values.map((v) => ({ topic, partition, value: Buffer.from(v) })),
  });
}

const tp = (topic: string, ...partitions: number[]): TopicPartitions =>
  partitions.map((p) => [topic, p]);

/** Committed offsets of a group for a topic's partitions, as the broker holds them (-1: none). */
function committed(b: TestBroker, groupId: string, topic: string, partitions: number): number[] {
  return Array.from(
    { length: partitions },
    (_, p) => b.broker.groups.offsets.get(groupId, topic, p)?.offset ?? -1,
  );
}

/** Starts an in-process member and registers it for cleanup. */
async function startMember(
  c: Clients,
  name: string,
  groupId: string,
  topics: string[],
  opts: ConstructorParameters<typeof GroupMember>[3] = {},
): Promise<GroupMember> {
  const member = new GroupMember(c.b, name, groupId, opts);
  c.members.push(member);
  await member.start(topics);
  return member;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("platformatic group: a new consumer resumes at the committed offsets, exactly", async () => {
  await withClients(async (c) => {
    const topic = uniqueTopic("plt-resume");
    const groupId = `${topic}-group`;
    await c.admin.createTopics({ topics: [topic], partitions: 2 });
    const sent = [0, 1].map((p) => Array.from({ length: 10 }, (_, i) => `p${p}-m${i}`));
    for (let p = 0; p < 2; p++) await produce(c.producer, topic, p, sent[p]);

    const first = await startMember(c, "resume-1", groupId, [topic]);
    await waitUntil(() => first.messages.length >= 7, SETTLE_MS, "7 messages");
    // Process the first 7 that arrived: commit each in order, then leave.
    const processed = first.messages.slice(0, 7);
    for (const m of processed) await m.commit();
    await first.close();
    const processedBy = (p: number) => processed.filter((m) => m.partition === p);
    assert.deepEqual(
      committed(c.b, groupId, topic, 2),
      [0, 1].map((p) => processedBy(p).length === 0 ? -1 : processedBy(p).length),
    );
    assert.equal(c.b.broker.groups.describe(groupId).state, "Empty");

    const more = [0, 1].map((p) => Array.from({ length: 3 }, (_, i) => `p${p}-late${i}`));
    for (let p = 0; p < 2; p++) await produce(c.producer, topic, p, more[p]);
    const second = await startMember(c, "resume-2", groupId, [topic]);
    await waitUntil(() => second.messages.length >= 26 - 7, SETTLE_MS, "the other 19 messages");
    await sleep(300); // anything more would be a duplicate
    assert.equal(second.messages.length, 26 - 7);
    for (let p = 0; p < 2; p++) {
      const all = [...sent[p], ...more[p]];
      assert.deepEqual(
        [...processedBy(p), ...second.messages.filter((m) => m.partition === p)]
          .map((m) => [m.offset, m.value]),
        all.map((value, offset) => [offset, value]),
        `partition ${p}`,
      );
    }
  });
});

Deno.test("platformatic group: two members split 4 partitions; after one leaves the other has all", async () => {
  await withClients(async (c) => {
    const topic = uniqueTopic("plt-split");
    const groupId = `${topic}-group`;
    await c.admin.createTopics({ topics: [topic], partitions: 4 });
    const a = await startMember(c, "split-a", groupId, [topic]);
    assert.deepEqual(a.assignment(), tp(topic, 0, 1, 2, 3));
    const m = await startMember(c, "split-b", groupId, [topic]);
    await waitUntil(() => a.assignment().length === 2, SETTLE_MS, "a rebalanced to 2 partitions");
    assert.equal(m.assignment().length, 2);
    assert.deepEqual(
      sortTopicPartitions([...a.assignment(), ...m.assignment()]),
      tp(topic, 0, 1, 2, 3),
    );
    const described = c.b.broker.groups.describe(groupId);
    assert.equal(described.state, "Stable");
    assert.equal(described.protocolName, "roundrobin");
    assert.equal(a.joins.at(-1)!.generationId, described.generationId);
    assert.equal(m.joins.at(-1)!.generationId, described.generationId);

    const leftAtMs = Date.now();
    await m.close();
    await waitUntil(() => a.assignment().length === 4, SETTLE_MS, "a has all 4 partitions");
    const takeoverMs = Date.now() - leftAtMs;
    assert(takeoverMs < SESSION_TIMEOUT_MS, `takeover after a leave took ${takeoverMs} ms`);
    assert.deepEqual(c.b.broker.groups.describe(groupId).members.map((x) => x.clientId), [
      "split-a",
    ]);

    for (let p = 0; p < 4; p++) await produce(c.producer, topic, p, [`after-leave-${p}`]);
    await waitUntil(() => a.messages.length === 4, SETTLE_MS, "4 messages");
    assert.deepEqual(
      a.messages.map((x) => [x.partition, x.offset, x.value]).sort(),
      [0, 1, 2, 3].map((p) => [p, 0, `after-leave-${p}`]),
    );
  });
});

Deno.test("platformatic group: a member killed with SIGKILL is evicted by its session timeout", async () => {
  await withClients(async (c) => {
    const topic = uniqueTopic("plt-kill");
    const groupId = `${topic}-group`;
    const sessionTimeoutMs = 3_000;
    await c.admin.createTopics({ topics: [topic], partitions: 4 });
    const survivor = await startMember(c, "survivor", groupId, [topic], { sessionTimeoutMs });
    const victim = await startMemberProcess(c.b, "victim", groupId, [topic], { sessionTimeoutMs });
    c.processes.push(victim);
    await victim.waitFor(() => victim.assignment().length === 2, SETTLE_MS, "victim has 2");
    await waitUntil(() => survivor.assignment().length === 2, SETTLE_MS, "survivor has 2");
    const generation = c.b.broker.groups.describe(groupId).generationId;

    const killedAtMs = Date.now();
    await victim.kill();
    await sleep(sessionTimeoutMs / 2);
    // Nothing told the broker yet: the victim is still a member.
    assert.equal(c.b.broker.groups.describe(groupId).members.length, 2);
    await waitUntil(
      () => survivor.assignment().length === 4,
      sessionTimeoutMs + SETTLE_MS,
      "survivor took over all 4 partitions",
    );
    const takeoverMs = Date.now() - killedAtMs;
    // The victim's last heartbeat was at most one heartbeat interval before the kill.
    assert(
      takeoverMs >= sessionTimeoutMs - HEARTBEAT_INTERVAL_MS,
      `takeover after ${takeoverMs} ms`,
    );
    const after = c.b.broker.groups.describe(groupId);
    assert.deepEqual(after.members.map((m) => m.clientId), ["survivor"]);
    assert.equal(after.generationId, generation + 1);
    assert.equal(after.state, "Stable");

    for (let p = 0; p < 4; p++) await produce(c.producer, topic, p, [`after-kill-${p}`]);
    await waitUntil(() => survivor.messages.length === 4, SETTLE_MS, "4 messages");
    assert.deepEqual(
      survivor.messages.map((x) => [x.partition, x.offset, x.value]).sort(),
      [0, 1, 2, 3].map((p) => [p, 0, `after-kill-${p}`]),
    );
  });
});

Deno.test("platformatic group: a static member restarted within its session timeout keeps its partitions", async () => {
  await withClients(async (c) => {
    const topic = uniqueTopic("plt-static");
    const groupId = `${topic}-group`;
    await c.admin.createTopics({ topics: [topic], partitions: 4 });
    const first = await startMemberProcess(c.b, "static-a", groupId, [topic], {
      groupInstanceId: "instance-a",
    });
    c.processes.push(first);
    await first.waitForAssignment(tp(topic, 0, 1, 2, 3), SETTLE_MS);
    const other = await startMember(c, "static-b", groupId, [topic], {
      groupInstanceId: "instance-b",
    });
    await first.waitFor(() => first.assignment().length === 2, SETTLE_MS, "a has 2 partitions");
    const before = c.b.broker.groups.describe(groupId);
    assert.equal(before.state, "Stable");
    const aPartitions = first.assignment();
    const otherJoins = other.joins.length;

    await first.kill();
    const restarted = await startMemberProcess(c.b, "static-a", groupId, [topic], {
      groupInstanceId: "instance-a",
    });
    c.processes.push(restarted);
    await restarted.waitFor(
      (e) => e.event === "assignment",
      SESSION_TIMEOUT_MS,
      "the restarted member's join",
    );
    assert.deepEqual(restarted.assignment(), aPartitions);
    assert.equal(restarted.all("assignment")[0].generationId, before.generationId);
    const after = c.b.broker.groups.describe(groupId);
    assert.equal(after.generationId, before.generationId);
    assert.equal(after.state, "Stable");
    const byInstance = (d: typeof before) =>
      Object.fromEntries(d.members.map((m) => [m.groupInstanceId, [m.memberId, m.assignment]]));
    assert.notEqual(byInstance(after)["instance-a"][0], byInstance(before)["instance-a"][0]);
    assert.deepEqual(byInstance(after)["instance-a"][1], byInstance(before)["instance-a"][1]);
    assert.deepEqual(byInstance(after)["instance-b"], byInstance(before)["instance-b"]);

    // Past the old member's session timeout: still no rebalance, b never rejoined.
    await sleep(SESSION_TIMEOUT_MS);
    assert.equal(c.b.broker.groups.describe(groupId).generationId, before.generationId);
    assert.equal(other.joins.length, otherJoins);
    assert.deepEqual(restarted.all("assignment").length, 1);
  });
});

Deno.test("platformatic group: a member offering only other protocols gets INCONSISTENT_GROUP_PROTOCOL", async () => {
  await withClients(async (c) => {
    const topic = uniqueTopic("plt-inconsistent");
    const groupId = `${topic}-group`;
    await c.admin.createTopics({ topics: [topic], partitions: 2 });
    const a = await startMember(c, "alpha", groupId, [topic], {
      protocols: [{ name: "alpha", version: 1 }],
    });
    const generation = c.b.broker.groups.describe(groupId).generationId;
    const beta = new GroupMember(c.b, "beta", groupId, {
      protocols: [{ name: "beta", version: 1 }],
    });
    c.members.push(beta);
    const error = await beta.start([topic]).then(() => null, (e: unknown) => e);
    assert(error !== null, "a member without a common protocol was let in");
    assert(
      protocolErrorIds(error).includes("INCONSISTENT_GROUP_PROTOCOL"),
      `error ids: ${protocolErrorIds(error)}`,
    );
    const described = c.b.broker.groups.describe(groupId);
    assert.deepEqual(described.members.map((m) => m.clientId), ["alpha"]);
    assert.equal(described.protocolName, "alpha");
    assert.equal(described.generationId, generation);
    assert.deepEqual(a.assignment(), tp(topic, 0, 1));
  });
});

Deno.test("platformatic group: committing a lower offset rewinds the group", async () => {
  await withClients(async (c) => {
    const topic = uniqueTopic("plt-rewind");
    const groupId = `${topic}-group`;
    await c.admin.createTopics({ topics: [topic], partitions: 1 });
    const values = Array.from({ length: 10 }, (_, i) => `rewind-${i}`);
    await produce(c.producer, topic, 0, values);

    const first = await startMember(c, "rewind-1", groupId, [topic]);
    await waitUntil(() => first.messages.length === 10, SETTLE_MS, "10 messages");
    await first.messages[9].commit();
    assert.deepEqual(committed(c.b, groupId, topic, 1), [10]);
    // A member commits backwards: Consumer.commit with an explicit lower offset.
    await first.consumer.commit({ offsets: [{ topic, partition: 0, offset: 6n, leaderEpoch: 0 }] });
    assert.deepEqual(committed(c.b, groupId, topic, 1), [6]);
    const [listed] = await c.admin.listConsumerGroupOffsets({ groups: [groupId] });
    assert.deepEqual(
      listed.topics.map((
        t,
      ) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.committedOffset])]),
      [[topic, [[0, 6n]]]],
    );
    await first.close();

    // With the group empty, an admin moves it further back.
    await c.admin.alterConsumerGroupOffsets({
      groupId,
      topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset: 3n }] }],
    });
    assert.deepEqual(committed(c.b, groupId, topic, 1), [3]);

    const second = await startMember(c, "rewind-2", groupId, [topic]);
    await waitUntil(() => second.messages.length >= 7, SETTLE_MS, "7 messages");
    await sleep(300);
    assert.deepEqual(
      second.messages.map((m) => [m.offset, m.value]),
      values.slice(3).map((v, i) => [i + 3, v]),
    );
  });
});

Deno.test("platformatic admin: listGroups, describeGroups, deleteGroups, listConsumerGroupOffsets", async () => {
  await withClients(async (c) => {
    const topic = uniqueTopic("plt-admin");
    const activeGroup = `${topic}-active`;
    const emptyGroup = `${topic}-empty`;
    await c.admin.createTopics({ topics: [topic], partitions: 4 });
    await produce(c.producer, topic, 2, ["x", "y", "z"]);

    const gone = await startMember(c, "gone", emptyGroup, [topic]);
    await waitUntil(() => gone.messages.length === 3, SETTLE_MS, "3 messages");
    await gone.messages[2].commit();
    await gone.close();

    const a = await startMember(c, "admin-a", activeGroup, [topic]);
    const m = await startMember(c, "admin-b", activeGroup, [topic]);
    await waitUntil(() => a.assignment().length === 2, SETTLE_MS, "a rebalanced");
    await waitUntil(
      () => c.b.broker.groups.describe(activeGroup).state === "Stable",
      SETTLE_MS,
      "stable",
    );

    const listed = await c.admin.listGroups();
    assert.deepEqual(
      [...listed.values()].filter((g) => g.id.startsWith(topic)).sort((x, y) =>
        x.id < y.id ? -1 : 1
      ),
      [
        { id: activeGroup, state: "STABLE", groupType: "classic", protocolType: "consumer" },
        { id: emptyGroup, state: "EMPTY", groupType: "classic", protocolType: "consumer" },
      ],
    );
    const stableOnly = await c.admin.listGroups({ states: ["STABLE"] });
    assert.deepEqual([...stableOnly.keys()], [activeGroup]);

    const described = await c.admin.describeGroups({ groups: [activeGroup, emptyGroup] });
    const active = described.get(activeGroup)!;
    assert.equal(active.state, "STABLE");
    assert.equal(active.protocolType, "consumer");
    assert.equal(active.protocol, "roundrobin");
    const members = [...active.members.values()].sort((x, y) => x.clientId < y.clientId ? -1 : 1);
    assert.deepEqual(members.map((x) => [x.clientId, x.clientHost, x.groupInstanceId]), [
      ["admin-a", "/127.0.0.1", null],
      ["admin-b", "/127.0.0.1", null],
    ]);
    assert.deepEqual(members.map((x) => x.metadata?.topics), [[topic], [topic]]);
    assert.deepEqual(
      members.map((x) => x.assignments?.get(topic)?.partitions),
      [a.assignment().map(([, p]) => p), m.assignment().map(([, p]) => p)],
    );
    assert.deepEqual(
      [a.consumer.memberId, m.consumer.memberId],
      members.map((x) => x.id),
    );
    const empty = described.get(emptyGroup)!;
    assert.deepEqual([empty.state, empty.protocol, empty.members.size], ["EMPTY", "", 0]);

    const offsets = await c.admin.listConsumerGroupOffsets({ groups: [emptyGroup] });
    assert.deepEqual(
      offsets.map((
        g,
      ) => [
        g.groupId,
        g.topics.map((
          t,
        ) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.committedOffset])]),
      ]),
      [[emptyGroup, [[topic, [[2, 3n]]]]]],
    );

    // An active group cannot be deleted; an empty one can, offsets and all.
    const refused = await c.admin.deleteGroups({ groups: [activeGroup] }).then(
      () => null,
      (e: unknown) => e,
    );
    assert.deepEqual(protocolErrorIds(refused).filter((id) => id === "NON_EMPTY_GROUP"), [
      "NON_EMPTY_GROUP",
    ]);
    assert.equal(c.b.broker.groups.describe(activeGroup).state, "Stable");
    await c.admin.deleteGroups({ groups: [emptyGroup] });
    assert.equal(c.b.broker.groups.offsets.hasOffsets(emptyGroup), false);
    const remaining = await c.admin.listGroups();
    assert.deepEqual([...remaining.keys()].filter((id) => id.startsWith(topic)), [activeGroup]);
    // Kafka keeps an emptied group's protocol type (ClassicGroup never resets protocolType), so
    // DescribeGroups still answers "consumer" for it, as ListGroups above does.
    assert.equal(empty.protocolType, "consumer");
  });
});

Deno.test("platformatic: with consumer groups disabled, ApiVersions hides the group APIs and consume fails", async () => {
  await withClients(async (c) => {
    const connection = new Connection("blink-groups-disabled", { requestTimeout: 5_000 });
    await connection.connect("127.0.0.1", c.b.port);
    try {
      const response = await apiVersionsV3.api.async(connection, "blink-test", "1.0.0");
      const keys = response.apiKeys.map((k) => k.apiKey);
      // 8 OffsetCommit, 9 OffsetFetch, 10 FindCoordinator, 11 JoinGroup, 12 Heartbeat,
      // 13 LeaveGroup, 14 SyncGroup, 15 DescribeGroups, 16 ListGroups, 42 DeleteGroups,
      // 47 OffsetDelete.
      assert.deepEqual(
        keys.filter((k) => [8, 9, 10, 11, 12, 13, 14, 15, 16, 42, 47].includes(k)),
        [],
      );
      assert(keys.includes(0) && keys.includes(1) && keys.includes(3), "Produce, Fetch, Metadata");
    } finally {
      await connection.close();
    }
    const topic = uniqueTopic("plt-disabled");
    await c.admin.createTopics({ topics: [topic], partitions: 1 });
    const member = new GroupMember(c.b, "disabled", `${topic}-group`);
    c.members.push(member);
    const error = await member.start([topic]).then(() => null, (e: unknown) => e);
    assert(error instanceof Error, "consume succeeded without consumer groups");
    // The client checks ApiVersions before it sends FindCoordinator.
    assert.equal(error.message, "Unsupported API FindCoordinator.");
    assert.equal(c.b.broker.groups.groups.size, 0);
  }, { groupInitialRebalanceDelayMs: 0, enableConsumerGroups: false });
});
