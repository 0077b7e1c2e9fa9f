/**
 * The admin API's topics: list, create (partitions and configs) and see it in Kafka's Metadata
 * (kafkajs), describe configs and partitions, delete; and the refusals (400 naming the
 * parameter, 404, 409).
 */
import assert from "node:assert/strict";
import { type TestBroker, uniqueTopic, withBroker } from "./helpers/broker.ts";
import { ConsoleHttp } from "./helpers/console_http.ts";
import { kafkaFor } from "./helpers/kafkajs.ts";
import { TOPIC_CONFIGS } from "../broker/topic_configs.ts";

function withConsole(fn: (http: ConsoleHttp, b: TestBroker) => Promise<void>) {
  return withBroker({}, (b) => fn(new ConsoleHttp(b.restPort), b));
}

Deno.test("a topic created through the API is in Kafka's Metadata; one created in Kafka is listed", () =>
  withConsole(async (http, b) => {
    const name = uniqueTopic("api-made");
    const created = await http.post("/api/topics", {
      name,
      partitions: 3,
      configs: { "retention.ms": "60000", "cleanup.policy": "compact" },
    });
    assert.equal(created.status, 201, created.text);
    const topic = b.broker.store.topic(name)!;
    assert.deepEqual(created.json, { name, id: topic.id, partitions: 3 });
    assert.deepEqual(topic.configs, { "retention.ms": "60000", "cleanup.policy": "compact" });

    const admin = kafkaFor(b).admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [name] });
      assert.deepEqual(
        metadata.topics.map((t) => [t.name, t.partitions.map((p) => p.partitionId).sort()]),
        [[name, [0, 1, 2]]],
      );
      const kafkaMade = uniqueTopic("kafka-made");
      await admin.createTopics({ topics: [{ topic: kafkaMade, numPartitions: 2 }] });
      const listed = await http.get("/api/topics");
      assert.equal(listed.status, 200);
      const other = b.broker.store.topic(kafkaMade)!;
      assert.deepEqual(
        listed.json,
        [
          {
            name,
            id: topic.id,
            partitions: 3,
            messages: 0,
            bytes: 0,
            retentionMs: 60000,
            cleanupPolicy: "compact",
          },
          {
            name: kafkaMade,
            id: other.id,
            partitions: 2,
            messages: 0,
            bytes: 0,
            retentionMs: 3_600_000,
            cleanupPolicy: "delete",
          },
        ].sort((x, y) => x.name.localeCompare(y.name)),
      );
    } finally {
      await admin.disconnect();
    }
  }));

Deno.test("a topic's configs show their source; its partitions their offsets and sizes", () =>
  withConsole(async (http, b) => {
    const name = uniqueTopic("described");
    await http.post("/api/topics", { name, partitions: 2, configs: { "retention.bytes": 4096 } });
    await http.post("/produce", { topic: name, partition: 1, value: "a" });
    await http.post("/produce", { topic: name, partition: 1, value: "bb" });
    b.broker.store.partition(name, 1)!.deleteBefore(1);
    const r = await http.get(`/api/topics/${name}`);
    assert.equal(r.status, 200);
    const topic = b.broker.store.topic(name)!;
    const settings = b.broker.settings;
    assert.deepEqual(r.json, {
      name,
      id: topic.id,
      configs: TOPIC_CONFIGS.map((spec) => ({
        name: spec.name,
        value: spec.name === "retention.bytes" ? "4096" : spec.defaultValue(settings),
        source: spec.name === "retention.bytes" ? "topic" : "default",
        doc: spec.doc,
      })),
      partitions: [
        { index: 0, logStartOffset: 0, nextOffset: 0, messages: 0, sizeBytes: 0, batchCount: 0 },
        {
          index: 1,
          logStartOffset: 1,
          nextOffset: 2,
          messages: 1,
          sizeBytes: topic.partitions[1].sizeBytes,
          batchCount: 1,
        },
      ],
    });
    assert.equal(r.json.configs[0].value, "3600000", "retention.ms from the default retention");
  }));

Deno.test("a topic deleted through the API is gone from the API and from Kafka", () =>
  withConsole(async (http, b) => {
    const name = uniqueTopic("doomed");
    b.broker.createTopic(name, 1, {});
    await http.post("/produce", { topic: name, value: "x" });
    const usedBefore = b.broker.store.pool.usedBytes;
    const deleted = await http.delete(`/api/topics/${name}`);
    assert.deepEqual([deleted.status, deleted.text], [204, ""]);
    assert.equal(b.broker.store.pool.usedBytes, usedBefore - b.broker.store.pool.segmentSizeBytes);
    assert.equal((await http.get(`/api/topics/${name}`)).status, 404);
    const again = await http.delete(`/api/topics/${name}`);
    assert.deepEqual([again.status, again.json], [404, {
      error: `topic "${name}" does not exist`,
    }]);
    const admin = kafkaFor(b).admin();
    await admin.connect();
    try {
      assert.equal((await admin.listTopics()).includes(name), false);
    } finally {
      await admin.disconnect();
    }
  }));

Deno.test("creating a topic refuses bad input with 400 naming the parameter, a taken name with 409", () =>
  withConsole(async (http, b) => {
    const taken = uniqueTopic("taken");
    b.broker.createTopic(taken, 1, {});
    const cases: [unknown, string][] = [
      [{ partitions: 1 }, "name"],
      [{ name: 7 }, "name"],
      [{ name: "has space" }, "name"],
      [{ name: "x".repeat(250) }, "name"],
      [{ name: uniqueTopic(), partitions: 0 }, "partitions"],
      [{ name: uniqueTopic(), partitions: "two" }, "partitions"],
      [{ name: uniqueTopic(), partitions: 10_001 }, "partitions"],
      [{ name: uniqueTopic(), configs: "retention.ms=1" }, "configs"],
      [{ name: uniqueTopic(), configs: { "no.such.config": "1" } }, "configs"],
      [{ name: uniqueTopic(), configs: { "retention.ms": "soon" } }, "configs"],
      [{ name: uniqueTopic(), configs: { "cleanup.policy": ["delete"] } }, "configs"],
    ];
    const before = [...b.broker.store.topics()].length;
    for (const [body, param] of cases) {
      const r = await http.post("/api/topics", body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
      assert.ok(r.json.error.startsWith(`${param}: `), `${JSON.stringify(body)}: ${r.json.error}`);
    }
    for (const body of ["", "[]", "{oops"]) {
      const r = await http.post("/api/topics", body, {
        headers: { "content-type": "application/json" },
      });
      assert.equal(r.status, 400, body);
      assert.match(r.json.error, /^body: /);
    }
    assert.equal([...b.broker.store.topics()].length, before, "nothing was created");
    const dup = await http.post("/api/topics", { name: taken, partitions: 1 });
    assert.deepEqual([dup.status, dup.json], [409, { error: `topic "${taken}" already exists` }]);
    const unnamed = await http.get("/api/topics/no-such-topic");
    assert.deepEqual([unnamed.status, unnamed.json], [404, {
      error: 'topic "no-such-topic" does not exist',
    }]);
  }));

Deno.test("a topic created without partitions gets kafka_cfg_num_partitions", () =>
  withBroker({ defaultPartitions: 4 }, async (b) => {
    const name = uniqueTopic("default-parts");
    const r = await new ConsoleHttp(b.restPort).post("/api/topics", { name });
    assert.equal(r.status, 201);
    assert.equal(r.json.partitions, 4);
  }));
