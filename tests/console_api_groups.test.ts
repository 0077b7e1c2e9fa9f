/**
 * The admin API's consumer groups with a real kafkajs group: list and describe (state, assignor,
 * members with their assignments, committed offsets and lag), deleting, and resetting offsets
 * (refused while members are active), with the refusals.
 */
import assert from "node:assert/strict";
import { type TestBroker, uniqueTopic, withBroker } from "./helpers/broker.ts";
import { ConsoleHttp } from "./helpers/console_http.ts";
import { KafkajsMember } from "./helpers/groups_kafkajs.ts";
import { kafkaFor } from "./helpers/kafkajs.ts";
import { waitUntil } from "./helpers/wait_until.ts";

const SETTLE_MS = 15_000;

async function produce(http: ConsoleHttp, topic: string, partition: number, count: number) {
  for (let i = 0; i < count; i++) {
    const r = await http.post("/produce", { topic, partition, value: `p${partition}-${i}` });
    assert.equal(r.status, 200, r.text);
  }
}

/** A group "g" of one kafkajs member that consumed and committed everything of `topic`. */
async function withCaughtUpGroup(
  fn: (http: ConsoleHttp, b: TestBroker, member: KafkajsMember, topic: string) => Promise<void>,
) {
  await withBroker({ groupInitialRebalanceDelayMs: 0 }, async (b) => {
    const http = new ConsoleHttp(b.restPort);
    const topic = uniqueTopic("grp");
    b.broker.createTopic(topic, 2, {});
    await produce(http, topic, 0, 3);
    await produce(http, topic, 1, 2);
    const member = new KafkajsMember(kafkaFor(b), uniqueTopic("group"));
    try {
      await member.start([topic], true);
      await waitUntil(() => member.messages.length === 5, SETTLE_MS, "5 messages consumed");
      await waitUntil(
        () =>
          b.broker.groups.offsets.get(member.groupId, topic, 0)?.offset === 3 &&
          b.broker.groups.offsets.get(member.groupId, topic, 1)?.offset === 2,
        SETTLE_MS,
        "offsets committed",
      );
      await fn(http, b, member, topic);
    } finally {
      await member.close();
    }
  });
}

Deno.test("a live kafkajs group is listed and described with members, assignments and lag", () =>
  withCaughtUpGroup(async (http, b, member, topic) => {
    const groupId = member.groupId;
    const memberId = member.joins.at(-1)!.memberId;
    const listed = await http.get("/api/groups");
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.json, [{
      groupId,
      state: "Stable",
      protocolType: "consumer",
      protocol: "RoundRobinAssigner",
      members: 1,
      lag: 0,
    }]);

    const group = b.broker.groups.groups.get(groupId)!;
    const described = await http.get(`/api/groups/${groupId}`);
    assert.equal(described.status, 200);
    assert.deepEqual(described.json, {
      groupId,
      state: "Stable",
      protocolType: "consumer",
      protocol: "RoundRobinAssigner",
      generationId: group.generationId,
      leaderId: memberId,
      members: [{
        memberId,
        groupInstanceId: null,
        clientId: "blink-kafkajs-test",
        clientHost: group.members.get(memberId)!.clientHost,
        assignment: [{ topic, partitions: [0, 1] }],
      }],
      offsets: [
        { topic, partition: 0, committedOffset: 3, metadata: null, logEndOffset: 3, lag: 0 },
        { topic, partition: 1, committedOffset: 2, metadata: null, logEndOffset: 2, lag: 0 },
      ],
    });

    const deleted = await http.delete(`/api/groups/${groupId}`);
    assert.equal(deleted.status, 409);
    assert.match(deleted.json.error, /active members \(NON_EMPTY_GROUP\)/);
    const reset = await http.post(`/api/groups/${groupId}/offsets`, { topic, to: "earliest" });
    assert.equal(reset.status, 409);
    assert.match(reset.json.error, /has 1 active member/);
    assert.equal(b.broker.groups.offsets.get(groupId, topic, 0)?.offset, 3, "nothing was reset");
  }));

Deno.test("an empty group's lag grows with produces; its offsets reset; it is deleted", () =>
  withCaughtUpGroup(async (http, b, member, topic) => {
    const groupId = member.groupId;
    await member.close();
    await waitUntil(() => b.broker.groups.list()[0]?.state === "Empty", SETTLE_MS, "group empty");
    await produce(http, topic, 0, 4);
    const lagOf = async () => (await http.get("/api/groups")).json[0].lag;
    assert.equal(await lagOf(), 4);
    const offsetsOf = async () =>
      (await http.get(`/api/groups/${groupId}`)).json.offsets.map(
        (o: { partition: number; committedOffset: number; logEndOffset: number; lag: number }) => [
          o.partition,
          o.committedOffset,
          o.logEndOffset,
          o.lag,
        ],
      );
    assert.deepEqual(await offsetsOf(), [[0, 3, 7, 4], [1, 2, 2, 0]]);
    const detail = (await http.get(`/api/groups/${groupId}`)).json;
    assert.deepEqual([detail.state, detail.members, detail.protocol], ["Empty", [], ""]);

    const reset = (body: unknown) => http.post(`/api/groups/${groupId}/offsets`, body);
    const earliest = await reset({ topic, to: "earliest" });
    assert.equal(earliest.status, 200, earliest.text);
    assert.deepEqual(earliest.json, {
      offsets: [
        { topic, partition: 0, committedOffset: 0 },
        { topic, partition: 1, committedOffset: 0 },
      ],
    });
    assert.equal(await lagOf(), 9);
    assert.deepEqual((await reset({ topic, partition: 0, to: { offset: 5 } })).json, {
      offsets: [{ topic, partition: 0, committedOffset: 5 }],
    });
    assert.deepEqual((await reset({ topic, partition: 1, to: { offset: 99 } })).json, {
      offsets: [{ topic, partition: 1, committedOffset: 2 }],
    }, "clamped to the end");
    assert.deepEqual(await offsetsOf(), [[0, 5, 7, 2], [1, 2, 2, 0]]);
    assert.deepEqual(
      (await reset({ topic, to: "latest" })).json.offsets.map(
        (o: { committedOffset: number }) => o.committedOffset,
      ),
      [7, 2],
    );
    assert.equal(await lagOf(), 0);
    const future = await reset({
      topic,
      partition: 0,
      to: { timestampMs: Date.now() + 3_600_000 },
    });
    assert.deepEqual(future.json.offsets, [{ topic, partition: 0, committedOffset: 7 }]);
    const past = await reset({ topic, partition: 0, to: { timestampMs: 0 } });
    assert.deepEqual(past.json.offsets, [{ topic, partition: 0, committedOffset: 0 }]);
    assert.equal(b.broker.groups.offsets.get(groupId, topic, 0)?.offset, 0);

    const deleted = await http.delete(`/api/groups/${groupId}`);
    assert.deepEqual([deleted.status, deleted.text], [204, ""]);
    assert.deepEqual((await http.get("/api/groups")).json, []);
    assert.equal((await http.get(`/api/groups/${groupId}`)).status, 404);
    const again = await http.delete(`/api/groups/${groupId}`);
    assert.deepEqual([again.status, again.json], [404, {
      error: `group "${groupId}" does not exist`,
    }]);
  }));

Deno.test("resetting offsets refuses bad targets (400), unknown groups, topics and partitions (404)", () =>
  withBroker({}, async (b) => {
    const http = new ConsoleHttp(b.restPort);
    const topic = uniqueTopic("reset");
    b.broker.createTopic(topic, 1, {});
    b.broker.groups.commit("idle", {
      topic,
      partition: 0,
      offset: 0,
      leaderEpoch: -1,
      metadata: "",
    });
    const bad: [unknown, string][] = [
      [{ to: "earliest" }, "topic"],
      [{ topic: 3, to: "earliest" }, "topic"],
      [{ topic, to: "beginning" }, "to"],
      [{ topic }, "to"],
      [{ topic, to: { offset: -1 } }, "to.offset"],
      [{ topic, to: { offset: 1.5 } }, "to.offset"],
      [{ topic, to: { timestampMs: "noon" } }, "to.timestampMs"],
      [{ topic, to: {} }, "to"],
      [{ topic, partition: -2, to: "latest" }, "partition"],
    ];
    for (const [body, param] of bad) {
      const r = await http.post("/api/groups/idle/offsets", body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
      assert.ok(r.json.error.startsWith(`${param}: `), `${JSON.stringify(body)}: ${r.json.error}`);
    }
    const missing: [string, unknown][] = [
      ["/api/groups/nobody/offsets", { topic, to: "latest" }],
      ["/api/groups/idle/offsets", { topic: "no-such-topic", to: "latest" }],
      ["/api/groups/idle/offsets", { topic, partition: 1, to: "latest" }],
    ];
    for (const [path, body] of missing) {
      const r = await http.post(path, body);
      assert.equal(r.status, 404, `${path} ${JSON.stringify(body)}: ${r.text}`);
    }
    assert.equal((await http.get("/api/groups/nobody")).status, 404);
    assert.equal(b.broker.groups.groups.has("nobody"), false, "no group was made");
  }));
