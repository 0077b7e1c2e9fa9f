/**
 * Consumer groups with @platformatic/kafka: the group scenarios every client shares (joins,
 * rebalances on leave and on session expiry, resuming from committed offsets forwards and
 * backwards, static membership, protocol mismatches; see group_scenarios.ts), then the admin
 * group APIs and a broker with consumer groups disabled.
 *
 * Members that must die without leaving run in a child process
 * (tests/helpers/groups_platformatic_member.ts) and are killed with SIGKILL. The client has no
 * cooperative rebalancing (classic eager protocol only), so that is covered with librdkafka.
 */
import assert from "node:assert/strict";
import { apiVersionsV3, Connection } from "@platformatic/kafka";
import { uniqueTopic } from "./helpers/broker.ts";
import { protocolErrorIds } from "./helpers/platformatic.ts";
import { GROUP_SETTINGS, groupTests, withSession } from "./helpers/group_client.ts";
import { emptyAndActiveGroups, groupScenarios } from "./helpers/group_scenarios.ts";
import { platformaticGroups } from "./helpers/groups_platformatic.ts";

groupTests(platformaticGroups, groupScenarios.processes);

Deno.test("platformatic admin: listGroups, describeGroups, deleteGroups, listConsumerGroupOffsets", async () => {
  await withSession(platformaticGroups, GROUP_SETTINGS, async (s) => {
    const topic = uniqueTopic("plt-admin");
    const { activeGroup, emptyGroup, a, m } = await emptyAndActiveGroups(s, topic);

    const listed = await s.admin.listGroups();
    assert.deepEqual(
      [...listed.values()].filter((g) => g.id.startsWith(topic)).sort((x, y) =>
        x.id < y.id ? -1 : 1
      ),
      [
        { id: activeGroup, state: "STABLE", groupType: "classic", protocolType: "consumer" },
        { id: emptyGroup, state: "EMPTY", groupType: "classic", protocolType: "consumer" },
      ],
    );
    const stableOnly = await s.admin.listGroups({ states: ["STABLE"] });
    assert.deepEqual([...stableOnly.keys()], [activeGroup]);

    const described = await s.admin.describeGroups({ groups: [activeGroup, emptyGroup] });
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
    assert.deepEqual([a.lastJoin().memberId, m.lastJoin().memberId], members.map((x) => x.id));
    const empty = described.get(emptyGroup)!;
    assert.deepEqual([empty.state, empty.protocol, empty.members.size], ["EMPTY", "", 0]);

    const offsets = await s.admin.listConsumerGroupOffsets({ groups: [emptyGroup] });
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
    const refused = await s.admin.deleteGroups({ groups: [activeGroup] }).then(
      () => null,
      (e: unknown) => e,
    );
    assert.deepEqual(protocolErrorIds(refused).filter((id) => id === "NON_EMPTY_GROUP"), [
      "NON_EMPTY_GROUP",
    ]);
    assert.equal(s.b.broker.groups.describe(activeGroup).state, "Stable");
    await s.admin.deleteGroups({ groups: [emptyGroup] });
    assert.equal(s.b.broker.groups.offsets.hasOffsets(emptyGroup), false);
    const remaining = await s.admin.listGroups();
    assert.deepEqual([...remaining.keys()].filter((id) => id.startsWith(topic)), [activeGroup]);
    // Kafka keeps an emptied group's protocol type (ClassicGroup never resets protocolType), so
    // DescribeGroups still answers "consumer" for it, as ListGroups above does.
    assert.equal(empty.protocolType, "consumer");
  });
});

Deno.test("platformatic: with consumer groups disabled, ApiVersions hides the group APIs and consume fails", async () => {
  await withSession(
    platformaticGroups,
    { ...GROUP_SETTINGS, enableConsumerGroups: false },
    async (s) => {
      const connection = new Connection("blink-groups-disabled", { requestTimeout: 5_000 });
      await connection.connect("127.0.0.1", s.b.port);
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
        assert(
          keys.includes(0) && keys.includes(1) && keys.includes(3),
          "Produce, Fetch, Metadata",
        );
      } finally {
        await connection.close();
      }
      const topic = uniqueTopic("plt-disabled");
      await s.createTopic(topic, 1);
      const member = s.newMember("disabled", `${topic}-group`);
      const error = await member.start([topic]).then(() => null, (e: unknown) => e);
      assert(error instanceof Error, "consume succeeded without consumer groups");
      // The client checks ApiVersions before it sends FindCoordinator.
      assert.equal(error.message, "Unsupported API FindCoordinator.");
      assert.equal(s.b.broker.groups.groups.size, 0);
    },
  );
});
