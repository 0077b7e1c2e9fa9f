/**
 * Consumer groups with librdkafka (2.0.2): kcat -G (the balanced consumer) and confluent-kafka
 * (python3-confluent-kafka 1.7.0) consumers running as child processes
 * (tests/clients/python/groups_member.py), so a test can kill one with SIGKILL and watch the
 * session timeout evict it.
 *
 * confluent-kafka 1.7.0's AdminClient has list_groups (ListGroups + DescribeGroups) but no
 * delete_consumer_groups or list_consumer_group_offsets (added in 2.x): deleting groups and the
 * admin offset APIs are covered by the kafkajs and @platformatic/kafka group tests.
 */
import assert from "node:assert/strict";
import { hasCommand, type TestBroker, uniqueTopic, withBroker } from "./helpers/broker.ts";
import { kcatOk } from "./helpers/kcat.ts";
import { pythonWith, runPython } from "./helpers/python.ts";
import {
  MemberProcess,
  sortTopicPartitions,
  type TopicPartitions,
} from "./helpers/groups_member.ts";
import type { Settings } from "../broker/settings/load.ts";

const NO_KCAT = !hasCommand("kcat");
const CONFLUENT_KAFKA = pythonWith("confluent_kafka");
const MEMBER_SCRIPT = new URL("./clients/python/groups_member.py", import.meta.url).pathname;

/** Group settings for fast tests: no initial rebalance delay. */
const GROUP_SETTINGS: Partial<Settings> = { groupInitialRebalanceDelayMs: 0 };
const SESSION_TIMEOUT_MS = 6_000;
const HEARTBEAT_INTERVAL_MS = 300;
/** max.poll.interval.ms is librdkafka's JoinGroup rebalance timeout. */
const REBALANCE_TIMEOUT_MS = 8_000;
/** How long a test waits for a group to settle after a join or a leave. */
const SETTLE_MS = 10_000;

/** librdkafka properties every member uses: short timeouts, quick heartbeats, no auto-commit. */
const MEMBER_CONFIG = {
  "session.timeout.ms": SESSION_TIMEOUT_MS,
  "heartbeat.interval.ms": HEARTBEAT_INTERVAL_MS,
  "max.poll.interval.ms": REBALANCE_TIMEOUT_MS,
  "auto.offset.reset": "earliest",
  "enable.auto.commit": false,
  "enable.partition.eof": false,
};

/** Starts a confluent-kafka group member subscribed to `topics`. */
function startMember(
  b: TestBroker,
  name: string,
  groupId: string,
  topics: string[],
  config: Record<string, string | number | boolean> = {},
): Promise<MemberProcess> {
  return MemberProcess.start(name, CONFLUENT_KAFKA!, [MEMBER_SCRIPT], {
    bootstrap: b.bootstrap,
    groupId,
    topics,
    config: { ...MEMBER_CONFIG, "client.id": name, ...config },
  });
}

/** Runs `fn` with the members it starts, always stopping them (SIGKILL) afterwards. */
async function withMembers(
  fn: (started: MemberProcess[]) => Promise<void>,
): Promise<void> {
  const started: MemberProcess[] = [];
  try {
    await fn(started);
  } finally {
    await Promise.all(started.map((m) => m.kill()));
  }
}

/** Produces `values` to one partition with kcat. */
async function produce(b: TestBroker, topic: string, partition: number, values: string[]) {
  await kcatOk(b.bootstrap, ["-P", "-t", topic, "-p", String(partition)], values.join("\n") + "\n");
}

/** The non-empty partition lists of a member's `assign` or `revoke` callbacks, in order. */
const changes = (m: MemberProcess, event: "assign" | "revoke") =>
  m.all(event).map((e) => e.partitions as TopicPartitions).filter((ps) => ps.length > 0);

const tp = (topic: string, ...partitions: number[]): TopicPartitions =>
  partitions.map((p) => [topic, p]);

/** Committed offsets of a group for a topic's partitions, as the broker holds them (-1: none). */
function committed(b: TestBroker, groupId: string, topic: string, partitions: number): number[] {
  return Array.from(
    { length: partitions },
    (_, p) => b.broker.groups.offsets.get(groupId, topic, p)?.offset ?? -1,
  );
}

Deno.test({
  name: "confluent-kafka: two members split 4 partitions 2/2; after one closes the other has all",
  ignore: CONFLUENT_KAFKA === null,
  fn: () =>
    withBroker(GROUP_SETTINGS, (b) =>
      withMembers(async (started) => {
        const topic = uniqueTopic("ck-split");
        const groupId = `${topic}-group`;
        b.broker.createTopic(topic, 4, {});
        const a = await startMember(b, "member-a", groupId, [topic]);
        started.push(a);
        await a.waitForAssignment(tp(topic, 0, 1, 2, 3), SETTLE_MS);
        const c = await startMember(b, "member-b", groupId, [topic]);
        started.push(c);
        // The default assignor list is range,roundrobin: range gives each member 2 partitions.
        await a.waitFor(() => a.assignment().length === 2, SETTLE_MS, "a has 2 partitions");
        await c.waitFor(() => c.assignment().length === 2, SETTLE_MS, "b has 2 partitions");
        const both = sortTopicPartitions([...a.assignment(), ...c.assignment()]);
        assert.deepEqual(both, tp(topic, 0, 1, 2, 3));
        const described = b.broker.groups.describe(groupId);
        assert.equal(described.state, "Stable");
        assert.equal(described.protocolName, "range");
        assert.equal(described.members.length, 2);

        const closedAtMs = Date.now();
        await c.close();
        await a.waitForAssignment(tp(topic, 0, 1, 2, 3), REBALANCE_TIMEOUT_MS);
        const takeoverMs = Date.now() - closedAtMs;
        // A LeaveGroup starts the rebalance at once: no session timeout to wait for.
        assert(takeoverMs < SESSION_TIMEOUT_MS, `takeover after leave took ${takeoverMs} ms`);
        assert.equal(b.broker.groups.describe(groupId).members.length, 1);

        for (let p = 0; p < 4; p++) await produce(b, topic, p, [`after-leave-${p}`]);
        await a.waitFor(() => a.all("message").length === 4, SETTLE_MS, "4 messages");
        assert.deepEqual(
          a.all("message").map((m) => [m.partition, m.offset]).sort(),
          [[0, 0], [1, 0], [2, 0], [3, 0]],
        );
        assert.deepEqual(a.values().sort(), [0, 1, 2, 3].map((p) => `after-leave-${p}`));
        await a.close();
      })),
});

Deno.test({
  name: "confluent-kafka: a member killed with SIGKILL is evicted by its session timeout",
  ignore: CONFLUENT_KAFKA === null,
  fn: () =>
    withBroker(GROUP_SETTINGS, (b) =>
      withMembers(async (started) => {
        const topic = uniqueTopic("ck-kill");
        const groupId = `${topic}-group`;
        const sessionTimeoutMs = 3_000;
        const config = { "session.timeout.ms": sessionTimeoutMs };
        b.broker.createTopic(topic, 4, {});
        const survivor = await startMember(b, "survivor", groupId, [topic], config);
        started.push(survivor);
        await survivor.waitForAssignment(tp(topic, 0, 1, 2, 3), SETTLE_MS);
        const victim = await startMember(b, "victim", groupId, [topic], config);
        started.push(victim);
        await victim.waitFor(() => victim.assignment().length === 2, SETTLE_MS, "victim has 2");
        await survivor.waitFor(() => survivor.assignment().length === 2, SETTLE_MS, "survivor 2");
        const generationBefore = b.broker.groups.describe(groupId).generationId;
        const victimPartitions = victim.assignment();

        const killedAtMs = Date.now();
        await victim.kill();
        // Nothing tells the broker: the victim stays a member until its session expires.
        await new Promise((resolve) => setTimeout(resolve, sessionTimeoutMs / 2));
        assert.equal(b.broker.groups.describe(groupId).members.length, 2);
        assert.equal(b.broker.groups.describe(groupId).generationId, generationBefore);

        await survivor.waitForAssignment(tp(topic, 0, 1, 2, 3), sessionTimeoutMs + SETTLE_MS);
        const takeoverMs = Date.now() - killedAtMs;
        // The victim's last heartbeat was at most one heartbeat interval before the kill.
        assert(
          takeoverMs >= sessionTimeoutMs - HEARTBEAT_INTERVAL_MS,
          `takeover after ${takeoverMs} ms`,
        );
        const after = b.broker.groups.describe(groupId);
        assert.equal(after.state, "Stable");
        assert.equal(after.generationId, generationBefore + 1);
        assert.deepEqual(after.members.map((m) => m.clientId), ["survivor"]);
        // The survivor took over the victim's partitions and reads from all four.
        assert.deepEqual(
          survivor.all("assign").at(-1)?.partitions,
          tp(topic, 0, 1, 2, 3),
          `victim had ${JSON.stringify(victimPartitions)}`,
        );
        for (let p = 0; p < 4; p++) {
          await produce(b, topic, p, [`after-kill-${p}-a`, `after-kill-${p}-b`]);
        }
        await survivor.waitFor(
          () => survivor.all("message").length === 8,
          SETTLE_MS,
          "8 messages",
        );
        assert.deepEqual(
          survivor.all("message").map((m) => `${m.partition}@${m.offset}`).sort(),
          ["0@0", "0@1", "1@0", "1@1", "2@0", "2@1", "3@0", "3@1"],
        );
        await survivor.close();
      })),
});

Deno.test({
  name: "confluent-kafka: cooperative-sticky moves only the partitions that change owner",
  ignore: CONFLUENT_KAFKA === null,
  fn: () =>
    withBroker(GROUP_SETTINGS, (b) =>
      withMembers(async (started) => {
        const topic = uniqueTopic("ck-coop");
        const groupId = `${topic}-group`;
        const config = { "partition.assignment.strategy": "cooperative-sticky" };
        b.broker.createTopic(topic, 4, {});
        const a = await startMember(b, "coop-a", groupId, [topic], config);
        started.push(a);
        await a.waitForAssignment(tp(topic, 0, 1, 2, 3), SETTLE_MS);
        assert.deepEqual(a.all("assign").map((e) => e.partitions), [tp(topic, 0, 1, 2, 3)]);

        const c = await startMember(b, "coop-b", groupId, [topic], config);
        started.push(c);
        await c.waitFor(() => c.assignment().length === 2, SETTLE_MS, "b has 2 partitions");
        await a.waitFor(() => a.assignment().length === 2, SETTLE_MS, "a has 2 partitions");
        const kept = a.assignment();
        // Incremental: a gave up exactly the 2 partitions b took, never all 4, and was not
        // handed its kept partitions again (librdkafka also reports empty increments).
        assert.deepEqual(changes(a, "revoke"), [c.assignment()]);
        assert.deepEqual(changes(a, "assign"), [tp(topic, 0, 1, 2, 3)]);
        assert.deepEqual(changes(c, "assign"), [c.assignment()]);
        assert.deepEqual(sortTopicPartitions([...kept, ...c.assignment()]), tp(topic, 0, 1, 2, 3));
        const described = b.broker.groups.describe(groupId);
        assert.equal(described.protocolName, "cooperative-sticky");
        assert.equal(described.state, "Stable");

        // Each member reads only its own partitions.
        for (let p = 0; p < 4; p++) await produce(b, topic, p, [`coop-${p}`]);
        await a.waitFor(() => a.all("message").length === 2, SETTLE_MS, "a reads 2");
        await c.waitFor(() => c.all("message").length === 2, SETTLE_MS, "b reads 2");
        const partitionsOf = (m: MemberProcess) =>
          sortTopicPartitions(
            m.all("message").map((e): [string, number] => [topic, e.partition as number]),
          );
        assert.deepEqual(partitionsOf(a), kept);
        assert.deepEqual(partitionsOf(c), c.assignment());

        // b leaves: a is only given b's partitions back (assign of 2, no revoke of its own).
        await c.close();
        await a.waitForAssignment(tp(topic, 0, 1, 2, 3), SETTLE_MS);
        assert.deepEqual(changes(a, "revoke"), [c.all("revoke").at(-1)?.partitions]);
        assert.deepEqual(changes(a, "assign"), [tp(topic, 0, 1, 2, 3), changes(c, "revoke")[0]]);
        await a.close();
      })),
});

Deno.test({
  name:
    "confluent-kafka: a member offering no assignor the group uses gets INCONSISTENT_GROUP_PROTOCOL",
  ignore: CONFLUENT_KAFKA === null,
  fn: () =>
    withBroker(GROUP_SETTINGS, (b) =>
      withMembers(async (started) => {
        const topic = uniqueTopic("ck-inconsistent");
        const groupId = `${topic}-group`;
        b.broker.createTopic(topic, 4, {});
        const a = await startMember(b, "range-only", groupId, [topic], {
          "partition.assignment.strategy": "range",
        });
        started.push(a);
        await a.waitForAssignment(tp(topic, 0, 1, 2, 3), SETTLE_MS);
        const generation = b.broker.groups.describe(groupId).generationId;
        const c = await startMember(b, "roundrobin-only", groupId, [topic], {
          "partition.assignment.strategy": "roundrobin",
        });
        started.push(c);
        const error = await c.waitFor((e) => e.event === "error", SETTLE_MS, "a join error");
        assert.equal(error.name, "INCONSISTENT_GROUP_PROTOCOL");
        assert.deepEqual(c.assignment(), []);
        // The group is untouched: one member, same generation, a keeps everything.
        const described = b.broker.groups.describe(groupId);
        assert.deepEqual(described.members.map((m) => m.clientId), ["range-only"]);
        assert.equal(described.generationId, generation);
        assert.equal(described.protocolName, "range");
        assert.deepEqual(a.assignment(), tp(topic, 0, 1, 2, 3));
        await c.close();
        await a.close();
      })),
});

Deno.test({
  name:
    "confluent-kafka: a static member restarted within its session timeout keeps its partitions",
  ignore: CONFLUENT_KAFKA === null,
  fn: () =>
    withBroker(GROUP_SETTINGS, (b) =>
      withMembers(async (started) => {
        const topic = uniqueTopic("ck-static");
        const groupId = `${topic}-group`;
        b.broker.createTopic(topic, 4, {});
        const staticConfig = (instance: string) => ({ "group.instance.id": instance });
        const a = await startMember(b, "static-a", groupId, [topic], staticConfig("instance-a"));
        started.push(a);
        await a.waitForAssignment(tp(topic, 0, 1, 2, 3), SETTLE_MS);
        const c = await startMember(b, "static-b", groupId, [topic], staticConfig("instance-b"));
        started.push(c);
        await c.waitFor(() => c.assignment().length === 2, SETTLE_MS, "b has 2 partitions");
        await a.waitFor(() => a.assignment().length === 2, SETTLE_MS, "a has 2 partitions");
        const before = b.broker.groups.describe(groupId);
        assert.equal(before.state, "Stable");
        const oldMemberId = before.members.find((m) =>
          m.groupInstanceId === "instance-a"
        )!.memberId;
        const aPartitions = a.assignment();
        const bEventsBefore = c.events.length;

        await a.kill();
        const restarted = await startMember(
          b,
          "static-a",
          groupId,
          [topic],
          staticConfig("instance-a"),
        );
        started.push(restarted);
        await restarted.waitForAssignment(aPartitions, SESSION_TIMEOUT_MS);
        const after = b.broker.groups.describe(groupId);
        // No rebalance: same generation, same state, the instance under a new member id.
        assert.equal(after.generationId, before.generationId);
        assert.equal(after.state, "Stable");
        assert.deepEqual(
          after.members.map((m) => m.groupInstanceId).sort(),
          ["instance-a", "instance-b"],
        );
        const newMemberId = after.members.find((m) => m.groupInstanceId === "instance-a")!.memberId;
        assert.notEqual(newMemberId, oldMemberId);
        // The first member to join leads the group: the restarted instance is still the leader.
        assert.equal(before.leaderId, oldMemberId);
        assert.equal(after.leaderId, newMemberId);
        const assignments = (d: typeof before) =>
          Object.fromEntries(d.members.map((m) => [m.groupInstanceId, m.assignment]));
        assert.deepEqual(assignments(after), assignments(before));

        // Past the old session timeout nothing happened: b was never revoked or reassigned.
        await new Promise((resolve) => setTimeout(resolve, SESSION_TIMEOUT_MS));
        assert.equal(b.broker.groups.describe(groupId).generationId, before.generationId);
        const bLater = c.events.slice(bEventsBefore).filter((e) => e.event !== "message");
        assert.deepEqual(bLater, []);
        assert.deepEqual(restarted.assignment(), aPartitions);
        await restarted.close();
        await c.close();
      })),
});

Deno.test({
  name:
    "confluent-kafka: committing a lower offset rewinds the group; the next member resumes there",
  ignore: CONFLUENT_KAFKA === null,
  fn: () =>
    withBroker(GROUP_SETTINGS, (b) =>
      withMembers(async (started) => {
        const topic = uniqueTopic("ck-rewind");
        const groupId = `${topic}-group`;
        b.broker.createTopic(topic, 1, {});
        const values = Array.from({ length: 10 }, (_, i) => `rewind-${i}`);
        await produce(b, topic, 0, values);
        const first = await startMember(b, "rewind-1", groupId, [topic]);
        started.push(first);
        await first.waitFor(() => first.all("message").length === 10, SETTLE_MS, "10 messages");
        assert.deepEqual(first.values(), values);

        await first.send({ op: "commit" });
        const forward = await first.waitFor((e) => e.event === "committed", SETTLE_MS, "commit");
        assert.deepEqual(forward, {
          event: "committed",
          error: null,
          offsets: [{ topic, partition: 0, offset: 10, error: null }],
        });
        assert.deepEqual(committed(b, groupId, topic, 1), [10]);

        const mark = first.events.length;
        await first.send({ op: "commit", offsets: [{ topic, partition: 0, offset: 4 }] });
        const backward = await first.waitFor(
          (e) => e.event === "committed",
          SETTLE_MS,
          "commit 4",
          mark,
        );
        assert.deepEqual(backward.offsets, [{ topic, partition: 0, offset: 4, error: null }]);
        assert.deepEqual(committed(b, groupId, topic, 1), [4]);
        await first.close();

        const second = await startMember(b, "rewind-2", groupId, [topic]);
        started.push(second);
        await second.waitFor(() => second.all("message").length === 6, SETTLE_MS, "6 messages");
        // Give it time to (wrongly) read more before checking nothing else came.
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.deepEqual(second.all("message").map((m) => m.offset), [4, 5, 6, 7, 8, 9]);
        assert.deepEqual(second.values(), values.slice(4));
        await second.close();
      })),
});

interface ListedGroup {
  id: string;
  error: string | null;
  state: string;
  protocolType: string;
  protocol: string;
  members: {
    id: string;
    clientId: string;
    clientHost: string;
    subscription: string[];
    assignment: TopicPartitions;
  }[];
}

Deno.test({
  name: "confluent-kafka AdminClient.list_groups shows state, assignor, members and assignments",
  ignore: CONFLUENT_KAFKA === null,
  fn: () =>
    withBroker(GROUP_SETTINGS, (b) =>
      withMembers(async (started) => {
        const topic = uniqueTopic("ck-list");
        const activeGroup = `${topic}-active`;
        const emptyGroup = `${topic}-empty`;
        b.broker.createTopic(topic, 4, {});
        await produce(b, topic, 0, ["only"]);
        // A group that consumed, committed and left: Empty, with offsets.
        const gone = await startMember(b, "gone", emptyGroup, [topic]);
        started.push(gone);
        await gone.waitFor((e) => e.event === "message", SETTLE_MS, "a message");
        await gone.send({ op: "commit" });
        await gone.waitFor((e) => e.event === "committed", SETTLE_MS, "commit");
        await gone.close();

        const a = await startMember(b, "lister-a", activeGroup, [topic]);
        started.push(a);
        await a.waitForAssignment(tp(topic, 0, 1, 2, 3), SETTLE_MS);
        const c = await startMember(b, "lister-b", activeGroup, [topic]);
        started.push(c);
        await c.waitFor(() => c.assignment().length === 2, SETTLE_MS, "b has 2 partitions");
        await a.waitFor(() => a.assignment().length === 2, SETTLE_MS, "a has 2 partitions");
        await a.waitFor(
          () => b.broker.groups.describe(activeGroup).state === "Stable",
          SETTLE_MS,
          "stable",
        );

        const { groups } = await runPython<{ groups: ListedGroup[] }>(
          CONFLUENT_KAFKA!,
          "groups_admin.py",
          { bootstrap: b.bootstrap, group: null },
          30_000,
        );
        const memberIds = Object.fromEntries(
          b.broker.groups.describe(activeGroup).members.map((m) => [m.clientId, m.memberId]),
        );
        assert.deepEqual(groups.map((g) => g.id), [activeGroup, emptyGroup]);
        assert.deepEqual(groups[0], {
          id: activeGroup,
          error: null,
          state: "Stable",
          protocolType: "consumer",
          protocol: "range",
          members: [
            {
              id: memberIds["lister-a"],
              clientId: "lister-a",
              clientHost: "/127.0.0.1",
              subscription: [topic],
              assignment: a.assignment(),
            },
            {
              id: memberIds["lister-b"],
              clientId: "lister-b",
              clientHost: "/127.0.0.1",
              subscription: [topic],
              assignment: c.assignment(),
            },
          ],
        });
        assert.deepEqual(
          sortTopicPartitions([...a.assignment(), ...c.assignment()]),
          tp(topic, 0, 1, 2, 3),
        );
        // Kafka keeps a group's protocol type once its members are gone (ClassicGroup keeps
        // protocolType when the group turns Empty), so DescribeGroups still says "consumer".
        assert.deepEqual(groups[1], {
          id: emptyGroup,
          error: null,
          state: "Empty",
          protocolType: "consumer",
          protocol: "",
          members: [],
        });
        await c.close();
        await a.close();
      })),
});

/** kcat -G output lines "<partition> <offset> <value>". */
function kcatRecords(text: string): { partition: number; offset: number; value: string }[] {
  return text.split("\n").filter((line) => line !== "").map((line) => {
    const [partition, offset, value] = line.split(" ");
    return { partition: Number(partition), offset: Number(offset), value };
  });
}

Deno.test({
  name: "kcat -G: a second consumer in the group resumes at the committed offsets, exactly",
  ignore: NO_KCAT,
  fn: () =>
    withBroker(GROUP_SETTINGS, async (b) => {
      const topic = uniqueTopic("kcat-group");
      const groupId = `${topic}-group`;
      b.broker.createTopic(topic, 2, {});
      const sent = [0, 1].map((p) => Array.from({ length: 10 }, (_, i) => `p${p}-m${i}`));
      for (let p = 0; p < 2; p++) await produce(b, topic, p, sent[p]);
      // -c: exit after that many messages; kcat then closes the consumer, which commits the
      // offsets of the messages it handed out (enable.auto.commit, auto offset store).
      const kcatGroup = (count: number) =>
        kcatOk(b.bootstrap, [
          "-G",
          groupId,
          topic,
          "-c",
          String(count),
          "-q",
          "-f",
          "%p %o %s\n",
          "-X",
          "auto.offset.reset=earliest",
          "-X",
          "heartbeat.interval.ms=300",
          "-X",
          "session.timeout.ms=6000",
        ]);
      const first = kcatRecords((await kcatGroup(7)).text);
      assert.equal(first.length, 7);
      const firstCommitted = committed(b, groupId, topic, 2);
      // Each partition's committed offset is one past the last record kcat printed from it.
      for (let p = 0; p < 2; p++) {
        const offsets = first.filter((r) => r.partition === p).map((r) => r.offset);
        assert.deepEqual(offsets, offsets.map((_, i) => i), `partition ${p} read in order`);
        assert.equal(firstCommitted[p], offsets.length === 0 ? -1 : offsets.length);
      }
      assert.equal(b.broker.groups.describe(groupId).state, "Empty");

      const more = [0, 1].map((p) => Array.from({ length: 3 }, (_, i) => `p${p}-late${i}`));
      for (let p = 0; p < 2; p++) await produce(b, topic, p, more[p]);
      const second = kcatRecords((await kcatGroup(26 - 7)).text);
      for (let p = 0; p < 2; p++) {
        const all = [...sent[p], ...more[p]];
        const fromFirst = first.filter((r) => r.partition === p);
        const fromSecond = second.filter((r) => r.partition === p);
        // No duplicates, no gaps: the second run starts where the first one committed.
        assert.deepEqual(
          [...fromFirst, ...fromSecond].map((r) => [r.offset, r.value]),
          all.map((value, offset) => [offset, value]),
          `partition ${p}`,
        );
      }
      assert.deepEqual(committed(b, groupId, topic, 2), [13, 13]);
    }),
});
