/**
 * Consumer groups with kafkajs 2.2.4: resuming from committed offsets, rebalancing when a
 * member joins or leaves, protocol mismatches, committing backwards (commitOffsets, and the
 * admin's setOffsets / resetOffsets, which run a consumer of their own), the admin group APIs,
 * and a broker with consumer groups disabled.
 *
 * Not here: kafkajs 2.2.4 has no static membership (group.instance.id) and no cooperative
 * rebalancing, and its consumers run in this process, so they cannot be killed without
 * leaving; the librdkafka and @platformatic/kafka group tests cover those.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { AssignerProtocol, type Kafka, type Producer } from "kafkajs";
import { type TestBroker, uniqueTopic, withBroker } from "./helpers/broker.ts";
import { kafkaFor } from "./helpers/kafkajs.ts";
import { KafkajsMember, SESSION_TIMEOUT_MS } from "./helpers/groups_kafkajs.ts";
import { sortTopicPartitions, type TopicPartitions } from "./helpers/groups_member.ts";
import { waitUntil } from "./helpers/wait_until.ts";
import type { Settings } from "../broker/settings/load.ts";

const GROUP_SETTINGS: Partial<Settings> = { groupInitialRebalanceDelayMs: 0 };
/** How long a test waits for a group to settle after a join or a leave. */
const SETTLE_MS = 10_000;

interface Clients {
  b: TestBroker;
  kafka: Kafka;
  admin: ReturnType<Kafka["admin"]>;
  producer: Producer;
  /** Members the test started; each is disconnected afterwards. */
  members: KafkajsMember[];
}

/** Runs `fn` with a connected admin and producer on a fresh broker; stops every member after. */
function withClients(fn: (c: Clients) => Promise<void>, overrides = GROUP_SETTINGS) {
  return withBroker(overrides, async (b) => {
    const kafka = kafkaFor(b);
    const admin = kafka.admin();
    const producer = kafka.producer();
    await admin.connect();
    await producer.connect();
    const members: KafkajsMember[] = [];
    try {
      await fn({ b, kafka, admin, producer, members });
    } finally {
      await Promise.all(members.map((m) => m.close()));
      await producer.disconnect();
      await admin.disconnect();
    }
  });
}

/** Starts a member in `groupId` and registers it for cleanup. */
async function startMember(
  c: Clients,
  groupId: string,
  topics: string[],
  opts: { autoCommit?: boolean; config?: ConstructorParameters<typeof KafkajsMember>[2] } = {},
): Promise<KafkajsMember> {
  const member = new KafkajsMember(c.kafka, groupId, opts.config);
  c.members.push(member);
  await member.start(topics, opts.autoCommit ?? false);
  return member;
}

async function produce(producer: Producer, topic: string, partition: number, values: string[]) {
  await producer.send({ topic, messages: values.map((value) => ({ partition, value })) });
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

/** admin.fetchOffsets for one topic as [partition, offset] pairs. */
async function fetchedOffsets(c: Clients, groupId: string, topic: string) {
  const [result] = await c.admin.fetchOffsets({ groupId, topics: [topic] });
  return result.partitions.map((p) => [p.partition, Number(p.offset)]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("kafkajs group: a new consumer resumes at the committed offsets, exactly", async () => {
  await withClients(async (c) => {
    const topic = uniqueTopic("kjs-resume");
    const groupId = `${topic}-group`;
    await c.admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const sent = [0, 1].map((p) => Array.from({ length: 10 }, (_, i) => `p${p}-m${i}`));
    for (let p = 0; p < 2; p++) await produce(c.producer, topic, p, sent[p]);

    const first = await startMember(c, groupId, [topic]);
    await waitUntil(() => first.messages.length >= 7, SETTLE_MS, "7 messages");
    // Process the first 7 that arrived: commit one past the last of each partition, then leave.
    const processed = first.messages.slice(0, 7);
    const processedBy = (p: number) => processed.filter((m) => m.partition === p);
    await first.consumer.commitOffsets(
      [0, 1].filter((p) => processedBy(p).length > 0).map((p) => ({
        topic,
        partition: p,
        offset: String(processedBy(p).length),
      })),
    );
    await first.close();
    assert.deepEqual(
      committed(c.b, groupId, topic, 2),
      [0, 1].map((p) => processedBy(p).length === 0 ? -1 : processedBy(p).length),
    );
    assert.equal(c.b.broker.groups.describe(groupId).state, "Empty");

    const more = [0, 1].map((p) => Array.from({ length: 3 }, (_, i) => `p${p}-late${i}`));
    for (let p = 0; p < 2; p++) await produce(c.producer, topic, p, more[p]);
    // The second consumer auto-commits: kafkajs commits what it processed when it stops.
    const second = await startMember(c, groupId, [topic], { autoCommit: true });
    await waitUntil(() => second.messages.length >= 26 - 7, SETTLE_MS, "the other 19 messages");
    await sleep(300); // anything more would be a duplicate
    assert.equal(second.messages.length, 26 - 7);
    for (let p = 0; p < 2; p++) {
      assert.deepEqual(
        [...processedBy(p), ...second.messages.filter((m) => m.partition === p)]
          .map((m) => [m.offset, m.value]),
        [...sent[p], ...more[p]].map((value, offset) => [offset, value]),
        `partition ${p}`,
      );
    }
    await second.close();
    assert.deepEqual(committed(c.b, groupId, topic, 2), [13, 13]);
    assert.deepEqual(await fetchedOffsets(c, groupId, topic), [[0, 13], [1, 13]]);
  });
});

Deno.test("kafkajs group: two members split 4 partitions; after one leaves the other has all", async () => {
  await withClients(async (c) => {
    const topic = uniqueTopic("kjs-split");
    const groupId = `${topic}-group`;
    await c.admin.createTopics({ topics: [{ topic, numPartitions: 4 }] });
    const a = await startMember(c, groupId, [topic]);
    await waitUntil(() => a.assignment().length === 4, SETTLE_MS, "a has all 4");
    const m = await startMember(c, groupId, [topic]);
    await waitUntil(
      () => a.assignment().length === 2 && m.assignment().length === 2,
      SETTLE_MS,
      "a and b have 2 partitions each",
    );
    assert.deepEqual(
      sortTopicPartitions([...a.assignment(), ...m.assignment()]),
      tp(topic, 0, 1, 2, 3),
    );
    assert.equal(a.joins.at(-1)!.protocol, "RoundRobinAssigner");
    const described = c.b.broker.groups.describe(groupId);
    assert.deepEqual(
      [described.state, described.protocolName, described.members.length],
      ["Stable", "RoundRobinAssigner", 2],
    );

    const leftAtMs = Date.now();
    await m.close();
    await waitUntil(() => a.assignment().length === 4, SETTLE_MS, "a has all 4 again");
    const takeoverMs = Date.now() - leftAtMs;
    assert(takeoverMs < SESSION_TIMEOUT_MS, `takeover after a leave took ${takeoverMs} ms`);
    assert.deepEqual(
      c.b.broker.groups.describe(groupId).members.map((x) => x.memberId),
      [a.joins.at(-1)!.memberId],
    );

    for (let p = 0; p < 4; p++) await produce(c.producer, topic, p, [`after-leave-${p}`]);
    await waitUntil(() => a.messages.length === 4, SETTLE_MS, "4 messages");
    assert.deepEqual(
      a.messages.map((x) => [x.partition, x.offset, x.value]).sort(),
      [0, 1, 2, 3].map((p) => [p, 0, `after-leave-${p}`]),
    );
  });
});

/** A kafkajs assigner that gives every partition to the leader, under another name. */
function namedAssigner(name: string) {
  return () => ({
    name,
    version: 1,
    protocol: ({ topics }: { topics: string[] }) => ({
      name,
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: 1,
        topics,
        userData: Buffer.alloc(0),
      }),
    }),
    assign: () => Promise.resolve([]),
  });
}

Deno.test("kafkajs group: a member offering only another assignor gets INCONSISTENT_GROUP_PROTOCOL", async () => {
  await withClients(async (c) => {
    const topic = uniqueTopic("kjs-inconsistent");
    const groupId = `${topic}-group`;
    await c.admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const a = await startMember(c, groupId, [topic]);
    await waitUntil(() => a.assignment().length === 2, SETTLE_MS, "a has both partitions");
    const generation = c.b.broker.groups.describe(groupId).generationId;

    const other = await startMember(c, groupId, [topic], {
      config: { partitionAssigners: [namedAssigner("OtherAssigner")] },
    });
    await waitUntil(() => other.crash !== null, SETTLE_MS, "the other member's crash");
    const crash = other.crash as Error & { type?: string };
    assert.equal(crash.type, "INCONSISTENT_GROUP_PROTOCOL");
    assert.deepEqual(other.joins, []);
    const described = c.b.broker.groups.describe(groupId);
    assert.equal(described.members.length, 1);
    assert.equal(described.generationId, generation);
    assert.equal(described.protocolName, "RoundRobinAssigner");
    assert.deepEqual(a.assignment(), tp(topic, 0, 1));
  });
});

Deno.test("kafkajs group: commitOffsets, setOffsets and resetOffsets move the group backwards and forwards", async () => {
  await withClients(async (c) => {
    const topic = uniqueTopic("kjs-rewind");
    const groupId = `${topic}-group`;
    await c.admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const values = Array.from({ length: 10 }, (_, i) => `rewind-${i}`);
    await produce(c.producer, topic, 0, values);

    const first = await startMember(c, groupId, [topic]);
    await waitUntil(() => first.messages.length === 10, SETTLE_MS, "10 messages");
    await first.consumer.commitOffsets([{ topic, partition: 0, offset: "10" }]);
    assert.deepEqual(committed(c.b, groupId, topic, 1), [10]);
    // A running member commits backwards.
    await first.consumer.commitOffsets([{ topic, partition: 0, offset: "4" }]);
    assert.deepEqual(committed(c.b, groupId, topic, 1), [4]);
    assert.deepEqual(await fetchedOffsets(c, groupId, topic), [[0, 4]]);
    await first.close();

    // setOffsets joins the (empty) group with a consumer of its own, seeks and commits.
    await c.admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: "2" }] });
    assert.deepEqual(await fetchedOffsets(c, groupId, topic), [[0, 2]]);
    assert.equal(c.b.broker.groups.describe(groupId).state, "Empty");

    const second = await startMember(c, groupId, [topic], { autoCommit: true });
    await waitUntil(() => second.messages.length >= 8, SETTLE_MS, "8 messages");
    await sleep(300);
    assert.deepEqual(
      second.messages.map((m) => [m.offset, m.value]),
      values.slice(2).map((v, i) => [i + 2, v]),
    );
    await second.close();
    assert.deepEqual(await fetchedOffsets(c, groupId, topic), [[0, 10]]);

    // resetOffsets commits kafkajs's sentinel -2 (earliest; -1 for latest), which Kafka stores
    // as sent; a kafkajs consumer then resolves it with ListOffsets. (setOffsets and
    // resetOffsets each take kafkajs's default 5 s fetch wait: its consumer fetches nothing.)
    await c.admin.resetOffsets({ groupId, topic, earliest: true });
    assert.deepEqual(await fetchedOffsets(c, groupId, topic), [[0, -2]]);
    const third = await startMember(c, groupId, [topic], { autoCommit: true });
    await waitUntil(() => third.messages.length >= 10, SETTLE_MS, "10 messages");
    await sleep(300);
    assert.deepEqual(third.messages.map((m) => m.value), values);
    await third.close();
    assert.deepEqual(await fetchedOffsets(c, groupId, topic), [[0, 10]]);
  });
});

Deno.test("kafkajs admin: describeGroups, listGroups, deleteGroups, fetchOffsets", async () => {
  await withClients(async (c) => {
    const topic = uniqueTopic("kjs-admin");
    const activeGroup = `${topic}-active`;
    const emptyGroup = `${topic}-empty`;
    await c.admin.createTopics({ topics: [{ topic, numPartitions: 4 }] });
    await produce(c.producer, topic, 1, ["x", "y"]);

    const gone = await startMember(c, emptyGroup, [topic], { autoCommit: true });
    await waitUntil(() => gone.messages.length === 2, SETTLE_MS, "2 messages");
    await gone.close();
    assert.deepEqual(await fetchedOffsets(c, emptyGroup, topic), [[0, -1], [1, 2], [2, -1], [
      3,
      -1,
    ]]);

    const a = await startMember(c, activeGroup, [topic]);
    await waitUntil(() => a.assignment().length === 4, SETTLE_MS, "a has 4");
    const m = await startMember(c, activeGroup, [topic]);
    await waitUntil(
      () => a.assignment().length === 2 && m.assignment().length === 2,
      SETTLE_MS,
      "2 partitions each",
    );
    await waitUntil(
      () => c.b.broker.groups.describe(activeGroup).state === "Stable",
      SETTLE_MS,
      "stable",
    );

    const listed = await c.admin.listGroups();
    assert.deepEqual(
      listed.groups.filter((g) => g.groupId.startsWith(topic))
        .sort((x, y) => x.groupId < y.groupId ? -1 : 1),
      [
        { groupId: activeGroup, protocolType: "consumer" },
        { groupId: emptyGroup, protocolType: "consumer" },
      ],
    );

    const { groups } = await c.admin.describeGroups([activeGroup]);
    assert.equal(groups.length, 1);
    const [active] = groups;
    assert.deepEqual(
      [active.groupId, active.state, active.protocolType, active.protocol],
      [activeGroup, "Stable", "consumer", "RoundRobinAssigner"],
    );
    const byMember = new Map(active.members.map((x) => [x.memberId, x]));
    assert.deepEqual(
      [...byMember.keys()].sort(),
      [a.joins.at(-1)!.memberId, m.joins.at(-1)!.memberId].sort(),
    );
    for (const member of [a, m]) {
      const d = byMember.get(member.joins.at(-1)!.memberId)!;
      assert.equal(d.clientId, "blink-kafkajs-test");
      assert.equal(d.clientHost, "/127.0.0.1");
      assert.deepEqual(AssignerProtocol.MemberMetadata.decode(d.memberMetadata)?.topics, [topic]);
      const assignment = AssignerProtocol.MemberAssignment.decode(d.memberAssignment)!;
      assert.deepEqual(
        Object.entries(assignment.assignment).flatMap(([t, ps]) => ps.map((p) => [t, p])),
        member.assignment(),
      );
    }

    // An active group cannot be deleted; an empty one can, offsets and all.
    const refused = await c.admin.deleteGroups([activeGroup]).then(
      () => null,
      (e: unknown) => e as { name: string; groups: { groupId: string; error: { type: string } }[] },
    );
    assert(refused !== null, "deleting an active group succeeded");
    assert.equal(refused.name, "KafkaJSDeleteGroupsError");
    assert.deepEqual(
      refused.groups.map((g) => [g.groupId, g.error.type]),
      [[activeGroup, "NON_EMPTY_GROUP"]],
    );
    assert.equal(c.b.broker.groups.describe(activeGroup).members.length, 2);

    const deleted = await c.admin.deleteGroups([emptyGroup]);
    assert.deepEqual(deleted.map((r) => [r.groupId, r.errorCode]), [[emptyGroup, 0]]);
    assert.deepEqual(await fetchedOffsets(c, emptyGroup, topic), [[0, -1], [1, -1], [2, -1], [
      3,
      -1,
    ]]);
    const after = await c.admin.listGroups();
    assert.deepEqual(after.groups.map((g) => g.groupId).filter((id) => id.startsWith(topic)), [
      activeGroup,
    ]);
  });
});

Deno.test("kafkajs: with consumer groups disabled, a consumer fails to find its coordinator", async () => {
  await withClients(async (c) => {
    const topic = uniqueTopic("kjs-disabled");
    await c.admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const member = await startMember(c, `${topic}-group`, [topic]);
    await waitUntil(() => member.crash !== null, SETTLE_MS, "the consumer's crash");
    assert.equal(member.crash!.name, "KafkaJSGroupCoordinatorNotFound");
    assert.equal(member.crash!.message, "Failed to find group coordinator");
    assert.equal(c.b.broker.groups.groups.size, 0);
    // The admin's group calls fail the same way.
    const listed = await c.admin.listGroups().then(() => null, (e: Error) => e);
    assert(listed !== null, "listGroups succeeded with consumer groups disabled");
  }, { ...GROUP_SETTINGS, enableConsumerGroups: false });
});
