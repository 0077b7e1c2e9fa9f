/**
 * Consumer groups with kafkajs 2.2.4: the group scenarios every client shares (resuming from
 * committed offsets, rebalancing when a member joins or leaves, protocol mismatches, committing
 * backwards and the admin's setOffsets; see group_scenarios.ts), then what only kafkajs does:
 * resetOffsets' sentinel, the admin group APIs, and a broker with consumer groups disabled.
 *
 * Not here: kafkajs 2.2.4 has no static membership (group.instance.id) and no cooperative
 * rebalancing, and its consumers run in this process, so they cannot be killed without
 * leaving; the librdkafka and @platformatic/kafka group tests cover those.
 */
import assert from "node:assert/strict";
import { AssignerProtocol } from "kafkajs";
import { uniqueTopic } from "./helpers/broker.ts";
import {
  GROUP_SETTINGS,
  groupTests,
  newGroupTopic,
  QUIET_MS,
  SETTLE_MS,
  sleep,
  withSession,
} from "./helpers/group_client.ts";
import { emptyAndActiveGroups, groupScenarios } from "./helpers/group_scenarios.ts";
import { KAFKAJS_CLIENT_ID, kafkajsGroups } from "./helpers/groups_kafkajs.ts";

groupTests(kafkajsGroups, groupScenarios.members);

Deno.test("kafkajs group: resetOffsets commits -2, which the next consumer resolves to the earliest offset", async () => {
  await withSession(kafkajsGroups, GROUP_SETTINGS, async (s) => {
    const { topic, groupId } = await newGroupTopic(s, "kjs-reset", 1);
    const values = Array.from({ length: 10 }, (_, i) => `reset-${i}`);
    await s.produce(topic, 0, values);
    // An auto-committing member commits what it processed when it stops.
    const first = await s.startKafkajsMember("reset-1", groupId, [topic], { autoCommit: true });
    await first.until(() => first.messages.length === 10, SETTLE_MS, "10 records");
    await first.close();
    assert.deepEqual(await s.fetchCommitted(groupId, topic), [[0, 10]]);

    // resetOffsets commits kafkajs's sentinel -2 (earliest; -1 for latest), which Kafka stores
    // as sent; a kafkajs consumer then resolves it with ListOffsets. (resetOffsets takes
    // kafkajs's default 5 s fetch wait: the consumer it runs fetches nothing.)
    await s.admin.resetOffsets({ groupId, topic, earliest: true });
    assert.deepEqual(await s.fetchCommitted(groupId, topic), [[0, -2]]);
    const second = await s.startKafkajsMember("reset-2", groupId, [topic], { autoCommit: true });
    await second.until(() => second.messages.length >= 10, SETTLE_MS, "10 records");
    await sleep(QUIET_MS);
    assert.deepEqual(second.messages.map((m) => m.value), values);
    await second.close();
    assert.deepEqual(await s.fetchCommitted(groupId, topic), [[0, 10]]);
  });
});

Deno.test("kafkajs admin: describeGroups, listGroups, deleteGroups, fetchOffsets", async () => {
  await withSession(kafkajsGroups, GROUP_SETTINGS, async (s) => {
    const topic = uniqueTopic("kjs-admin");
    const { activeGroup, emptyGroup, a, m } = await emptyAndActiveGroups(s, topic);
    assert.deepEqual(await s.fetchCommitted(emptyGroup, topic), [[0, -1], [1, -1], [2, 3], [
      3,
      -1,
    ]]);

    const listed = await s.admin.listGroups();
    assert.deepEqual(
      listed.groups.filter((g) => g.groupId.startsWith(topic))
        .sort((x, y) => x.groupId < y.groupId ? -1 : 1),
      [
        { groupId: activeGroup, protocolType: "consumer" },
        { groupId: emptyGroup, protocolType: "consumer" },
      ],
    );

    const { groups } = await s.admin.describeGroups([activeGroup]);
    assert.equal(groups.length, 1);
    const [active] = groups;
    assert.deepEqual(
      [active.groupId, active.state, active.protocolType, active.protocol],
      [activeGroup, "Stable", "consumer", "RoundRobinAssigner"],
    );
    const byMember = new Map(active.members.map((x) => [x.memberId, x]));
    assert.deepEqual(
      [...byMember.keys()].sort(),
      [a.lastJoin().memberId, m.lastJoin().memberId].sort(),
    );
    for (const member of [a, m]) {
      const d = byMember.get(member.lastJoin().memberId!)!;
      assert.equal(d.clientId, KAFKAJS_CLIENT_ID);
      assert.equal(d.clientHost, "/127.0.0.1");
      assert.deepEqual(AssignerProtocol.MemberMetadata.decode(d.memberMetadata)?.topics, [topic]);
      const assignment = AssignerProtocol.MemberAssignment.decode(d.memberAssignment)!;
      assert.deepEqual(
        Object.entries(assignment.assignment).flatMap(([t, ps]) => ps.map((p) => [t, p])),
        member.assignment(),
      );
    }

    // An active group cannot be deleted; an empty one can, offsets and all.
    const refused = await s.admin.deleteGroups([activeGroup]).then(
      () => null,
      (e: unknown) => e as { name: string; groups: { groupId: string; error: { type: string } }[] },
    );
    assert(refused !== null, "deleting an active group succeeded");
    assert.equal(refused.name, "KafkaJSDeleteGroupsError");
    assert.deepEqual(
      refused.groups.map((g) => [g.groupId, g.error.type]),
      [[activeGroup, "NON_EMPTY_GROUP"]],
    );
    assert.equal(s.b.broker.groups.describe(activeGroup).members.length, 2);

    const deleted = await s.admin.deleteGroups([emptyGroup]);
    assert.deepEqual(deleted.map((r) => [r.groupId, r.errorCode]), [[emptyGroup, 0]]);
    assert.deepEqual(await s.fetchCommitted(emptyGroup, topic), [[0, -1], [1, -1], [2, -1], [
      3,
      -1,
    ]]);
    const after = await s.admin.listGroups();
    assert.deepEqual(after.groups.map((g) => g.groupId).filter((id) => id.startsWith(topic)), [
      activeGroup,
    ]);
  });
});

Deno.test("kafkajs: with consumer groups disabled, a consumer fails to find its coordinator", async () => {
  await withSession(
    kafkajsGroups,
    { ...GROUP_SETTINGS, enableConsumerGroups: false },
    async (s) => {
      const topic = uniqueTopic("kjs-disabled");
      await s.createTopic(topic, 1);
      const member = await s.startKafkajsMember("disabled", `${topic}-group`, [topic]);
      await member.until(() => member.crash !== null, SETTLE_MS, "the consumer's crash");
      assert.equal(member.crash!.name, "KafkaJSGroupCoordinatorNotFound");
      assert.equal(member.crash!.message, "Failed to find group coordinator");
      assert.equal(s.b.broker.groups.groups.size, 0);
      // The admin's group calls fail the same way.
      const listed = await s.admin.listGroups().then(() => null, (e: Error) => e);
      assert(listed !== null, "listGroups succeeded with consumer groups disabled");
    },
  );
});
