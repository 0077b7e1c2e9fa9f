/**
 * Consumer groups with librdkafka (2.0.2): confluent-kafka (python3-confluent-kafka 1.7.0)
 * consumers running as child processes (tests/clients/python/groups_member.py), so a test can
 * kill one with SIGKILL and watch the session timeout evict it, and kcat -G (the balanced
 * consumer). They run the group scenarios every client shares (group_scenarios.ts), then what
 * only librdkafka does here: cooperative-sticky rebalancing and AdminClient.list_groups.
 *
 * confluent-kafka 1.7.0's AdminClient has list_groups (ListGroups + DescribeGroups) but no
 * delete_consumer_groups or list_consumer_group_offsets (added in 2.x): deleting groups and the
 * admin offset APIs are covered by the kafkajs and @platformatic/kafka group tests.
 */
import assert from "node:assert/strict";
import { uniqueTopic } from "./helpers/broker.ts";
import { runPython } from "./helpers/python.ts";
import { confluentKafka, SCRIPT_TIMEOUT_MS } from "./helpers/python_clients.ts";
import {
  GROUP_SETTINGS,
  groupTests,
  newGroupTopic,
  type ProcessSession,
  SETTLE_MS,
  tp,
  withSession,
} from "./helpers/group_client.ts";
import { emptyAndActiveGroups, groupScenarios } from "./helpers/group_scenarios.ts";
import { confluentKafkaGroups, kcatGroups } from "./helpers/groups_librdkafka.ts";
import {
  type MemberProcess,
  sortTopicPartitions,
  type TopicPartitions,
} from "./helpers/groups_member.ts";

groupTests(confluentKafkaGroups, groupScenarios.processes);
groupTests(kcatGroups, groupScenarios.readers);

/** Runs `fn` with a confluent-kafka session on a fresh broker. */
function withConfluentKafka(fn: (s: ProcessSession) => Promise<void>) {
  return withSession(confluentKafkaGroups, GROUP_SETTINGS, fn);
}

/** The non-empty partition lists of a member's `assign` or `revoke` callbacks, in order. */
const changes = (m: MemberProcess, event: "assign" | "revoke") =>
  m.all(event).map((e) => e.partitions as TopicPartitions).filter((ps) => ps.length > 0);

Deno.test({
  name: "confluent-kafka: cooperative-sticky moves only the partitions that change owner",
  ignore: confluentKafkaGroups.missing,
  fn: () =>
    withConfluentKafka(async (s) => {
      const opts = { assignor: "cooperative-sticky" };
      const { topic, groupId } = await newGroupTopic(s, "ck-coop", 4);
      const a = await s.startProcess("coop-a", groupId, [topic], opts);
      await a.waitForAssignment(tp(topic, 0, 1, 2, 3), SETTLE_MS);
      assert.deepEqual(a.all("assign").map((e) => e.partitions), [tp(topic, 0, 1, 2, 3)]);

      const c = await s.startProcess("coop-b", groupId, [topic], opts);
      await c.until(() => c.assignment().length === 2, SETTLE_MS, "b has 2 partitions");
      await a.until(() => a.assignment().length === 2, SETTLE_MS, "a has 2 partitions");
      const kept = a.assignment();
      // Incremental: a gave up exactly the 2 partitions b took, never all 4, and was not
      // handed its kept partitions again (librdkafka also reports empty increments).
      assert.deepEqual(changes(a, "revoke"), [c.assignment()]);
      assert.deepEqual(changes(a, "assign"), [tp(topic, 0, 1, 2, 3)]);
      assert.deepEqual(changes(c, "assign"), [c.assignment()]);
      assert.deepEqual(sortTopicPartitions([...kept, ...c.assignment()]), tp(topic, 0, 1, 2, 3));
      const described = s.b.broker.groups.describe(groupId);
      assert.equal(described.protocolName, "cooperative-sticky");
      assert.equal(described.state, "Stable");

      // Each member reads only its own partitions.
      for (let p = 0; p < 4; p++) await s.produce(topic, p, [`coop-${p}`]);
      await a.until(() => a.received().length === 2, SETTLE_MS, "a reads 2");
      await c.until(() => c.received().length === 2, SETTLE_MS, "b reads 2");
      const partitionsOf = (m: MemberProcess) =>
        sortTopicPartitions(m.received().map((r): [string, number] => [r.topic, r.partition]));
      assert.deepEqual(partitionsOf(a), kept);
      assert.deepEqual(partitionsOf(c), c.assignment());

      // b leaves: a is only given b's partitions back (assign of 2, no revoke of its own).
      await c.close();
      await a.waitForAssignment(tp(topic, 0, 1, 2, 3), SETTLE_MS);
      assert.deepEqual(changes(a, "revoke"), [c.all("revoke").at(-1)?.partitions]);
      assert.deepEqual(changes(a, "assign"), [tp(topic, 0, 1, 2, 3), changes(c, "revoke")[0]]);
      await a.close();
    }),
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
  ignore: confluentKafkaGroups.missing,
  fn: () =>
    withConfluentKafka(async (s) => {
      const topic = uniqueTopic("ck-list");
      const { activeGroup, emptyGroup, a, m } = await emptyAndActiveGroups(s, topic);
      const { groups } = await runPython<{ groups: ListedGroup[] }>(
        confluentKafka.interpreter!,
        "groups_admin.py",
        { bootstrap: s.b.bootstrap, group: null },
        SCRIPT_TIMEOUT_MS,
      );
      const memberIds = Object.fromEntries(
        s.b.broker.groups.describe(activeGroup).members.map((d) => [d.clientId, d.memberId]),
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
            id: memberIds["admin-a"],
            clientId: "admin-a",
            clientHost: "/127.0.0.1",
            subscription: [topic],
            assignment: a.assignment(),
          },
          {
            id: memberIds["admin-b"],
            clientId: "admin-b",
            clientHost: "/127.0.0.1",
            subscription: [topic],
            assignment: m.assignment(),
          },
        ],
      });
      assert.deepEqual(
        sortTopicPartitions([...a.assignment(), ...m.assignment()]),
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
      await m.close();
      await a.close();
    }),
});
