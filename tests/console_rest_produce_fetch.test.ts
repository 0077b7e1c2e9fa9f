/**
 * Blink's REST produce and fetch: POST /produce from JSON, form and query fields, GET /fetch in
 * text, JSON and base64, records crossing to and from real Kafka clients (kcat, kafkajs), Kafka's
 * default partitioning for keyed records, round-robin without a key, the memory-full 503, and
 * the 400s and 404s for bad parameters.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { Partitioners } from "kafkajs";
import { hasCommand, type TestBroker, uniqueTopic, withBroker } from "./helpers/broker.ts";
import { ConsoleHttp } from "./helpers/console_http.ts";
import { kafkaFor } from "./helpers/kafkajs.ts";
import { kcatJsonLines, kcatOk } from "./helpers/kcat.ts";
import { produceToPartition } from "../broker/handlers/produce.ts";
import { BatchField } from "../broker/records/batch_header.ts";
import { crc32c } from "../broker/records/crc32c.ts";
import { buildBatch } from "../broker/records/record_codec.ts";
import { murmur2, partitionForKey } from "../console/partitioner.ts";

const NO_KCAT = !hasCommand("kcat");

/** A record as GET /fetch returns it, without its timestamp. */
function untimed(records: { timestampMs: number }[]) {
  return records.map(({ timestampMs: _, ...rest }) => rest);
}

function withConsole(
  overrides: Parameters<typeof withBroker>[0],
  fn: (http: ConsoleHttp, b: TestBroker) => Promise<void>,
) {
  return withBroker(overrides, (b) => fn(new ConsoleHttp(b.restPort), b));
}

Deno.test("POST /produce takes JSON, form, multipart and query fields; GET /fetch returns them", () =>
  withConsole({}, async (http, b) => {
    const topic = uniqueTopic("rest");
    b.broker.createTopic(topic, 1, {});
    const beforeMs = Date.now();

    const json = await http.post("/produce", {
      topic,
      partition: 0,
      key: "k1",
      value: "v1",
      headers: { h1: "x", h2: null },
    });
    assert.equal(json.status, 200, json.text);
    assert.deepEqual(json.json, { topic, partition: 0, offset: 0 });

    const form = await http.post(
      "/produce",
      new URLSearchParams({
        topic,
        partition: "0",
        key: "k2",
        value: "v2",
        headers: '[["a","b"]]',
      }),
    );
    assert.deepEqual(form.json, { topic, partition: 0, offset: 1 });

    const multipart = new FormData();
    multipart.set("topic", topic);
    multipart.set("value", "");
    multipart.set("headers", '[{"key":"m","value":"n"}]');
    assert.deepEqual((await http.post("/produce", multipart)).json, {
      topic,
      partition: 0,
      offset: 2,
    });

    const query = await http.post(`/produce?topic=${topic}&partition=0&value=v4&key=k4`);
    assert.deepEqual(query.json, { topic, partition: 0, offset: 3 });

    const fetched = await http.get(`/fetch?topic=${topic}`);
    assert.equal(fetched.status, 200, fetched.text);
    const { records, ...rest } = fetched.json;
    assert.deepEqual(rest, {
      topic,
      partition: 0,
      logStartOffset: 0,
      highWatermark: 4,
      nextOffset: 4,
    });
    for (const r of records) assert.ok(r.timestampMs >= beforeMs && r.timestampMs <= Date.now());
    assert.deepEqual(untimed(records), [
      {
        offset: 0,
        key: "k1",
        value: "v1",
        headers: [{ key: "h1", value: "x" }, { key: "h2", value: null }],
      },
      { offset: 1, key: "k2", value: "v2", headers: [{ key: "a", value: "b" }] },
      { offset: 2, key: null, value: "", headers: [{ key: "m", value: "n" }] },
      { offset: 3, key: "k4", value: "v4", headers: [] },
    ]);

    const page = await http.get(`/fetch?topic=${topic}&partition=0&offset=1&max=2`);
    assert.deepEqual(page.json.records.map((r: { offset: number }) => r.offset), [1, 2]);
    assert.equal(page.json.nextOffset, 3);
    const end = await http.get(`/fetch?topic=${topic}&offset=4`);
    assert.deepEqual([end.json.records, end.json.nextOffset], [[], 4]);
  }));

Deno.test("GET /fetch renders keys, values and header values as text, JSON or base64", () =>
  withConsole({}, async (http, b) => {
    const topic = uniqueTopic("formats");
    b.broker.createTopic(topic, 1, {});
    await http.post("/produce", {
      topic,
      key: '{"id":7}',
      value: "not json",
      headers: { h: "[1]" },
    });
    await http.post("/produce", { topic, key: "plain", value: '{"a":[1,2]}' });
    const as = async (format: string) =>
      untimed((await http.get(`/fetch?topic=${topic}&format=${format}`)).json.records);
    assert.deepEqual(await as("text"), [
      { offset: 0, key: '{"id":7}', value: "not json", headers: [{ key: "h", value: "[1]" }] },
      { offset: 1, key: "plain", value: '{"a":[1,2]}', headers: [] },
    ]);
    assert.deepEqual(await as("json"), [
      { offset: 0, key: { id: 7 }, value: "not json", headers: [{ key: "h", value: [1] }] },
      { offset: 1, key: "plain", value: { a: [1, 2] }, headers: [] },
    ]);
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    assert.deepEqual(await as("base64"), [
      {
        offset: 0,
        key: b64('{"id":7}'),
        value: b64("not json"),
        headers: [{ key: "h", value: b64("[1]") }],
      },
      { offset: 1, key: b64("plain"), value: b64('{"a":[1,2]}'), headers: [] },
    ]);
  }));

Deno.test({
  name: "records produced over REST are consumed exactly by kcat (librdkafka)",
  ignore: NO_KCAT,
  fn: () =>
    withConsole({}, async (http, b) => {
      const topic = uniqueTopic("rest-kcat");
      // Auto-created by the REST produce, as a Kafka Produce would.
      assert.deepEqual((await http.post("/produce", { topic, key: "a", value: "one" })).json, {
        topic,
        partition: 0,
        offset: 0,
      });
      await http.post("/produce", { topic, value: "two", headers: [["h", "v"]] });
      const consumed = kcatJsonLines(
        (await kcatOk(b.bootstrap, ["-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-J"]))
          .text,
      );
      assert.deepEqual(
        consumed.map((m) => [m.offset, m.key, m.payload, m.headers]),
        [[0, "a", "one", undefined], [1, null, "two", ["h", "v"]]],
      );
    }),
});

Deno.test("GET /fetch reads what a Kafka client produced (kafkajs, gzip)", () =>
  withConsole({}, async (http, b) => {
    const topic = uniqueTopic("kjs-fetch");
    b.broker.createTopic(topic, 2, {});
    const producer = kafkaFor(b).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({
        topic,
        compression: 1, // gzip
        messages: [
          { partition: 1, key: "k", value: "first", headers: { trace: "t1" }, timestamp: "1000" },
          { partition: 1, key: null, value: "second", timestamp: "2000" },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const fetched = await http.get(`/fetch?topic=${topic}&partition=1`);
    assert.deepEqual(fetched.json.records, [
      {
        offset: 0,
        timestampMs: 1000,
        key: "k",
        value: "first",
        headers: [{ key: "trace", value: "t1" }],
      },
      { offset: 1, timestampMs: 2000, key: null, value: "second", headers: [] },
    ]);
  }));

Deno.test("keyed records go where Kafka's default partitioner (kafkajs, librdkafka) puts them", async (t) => {
  await withConsole({}, async (http, b) => {
    const topic = uniqueTopic("murmur");
    const partitionCount = 6;
    b.broker.createTopic(topic, partitionCount, {});
    const keys = Array.from({ length: 40 }, (_, i) => `key-${i * 7919}`);
    const partitionMetadata = Array.from(
      { length: partitionCount },
      (_, partitionId) => ({
        partitionId,
        leader: 0,
        partitionErrorCode: 0,
        replicas: [0],
        isr: [0],
      }),
    );
    const kafkajsPartition = Partitioners.DefaultPartitioner();
    const rest: number[] = [];
    for (const key of keys) {
      const r = await http.post("/produce", { topic, key, value: key });
      rest.push(r.json.partition);
      const expected = kafkajsPartition({ topic, partitionMetadata, message: { key, value: key } });
      assert.equal(r.json.partition, expected, `key ${key}`);
    }
    assert.ok(new Set(rest).size > 1, "keys spread over several partitions");

    await t.step({
      name: "kcat with partitioner=murmur2_random puts the same keys in the same partitions",
      ignore: NO_KCAT,
      fn: async () => {
        const other = uniqueTopic("murmur-kcat");
        b.broker.createTopic(other, partitionCount, {});
        await kcatOk(
          b.bootstrap,
          ["-P", "-t", other, "-K", ":", "-X", "partitioner=murmur2_random"],
          keys.map((k) => `${k}:${k}\n`).join(""),
        );
        const placed = new Map<string, number>();
        for (let p = 0; p < partitionCount; p++) {
          const r = await http.get(`/fetch?topic=${other}&partition=${p}&max=1000`);
          for (const rec of r.json.records) placed.set(rec.key, p);
        }
        assert.deepEqual(keys.map((k) => placed.get(k)), rest);
      },
    });
  });
});

Deno.test("records without a key or partition take the partitions in turn", () =>
  withConsole({}, async (http, b) => {
    const topic = uniqueTopic("rr");
    b.broker.createTopic(topic, 3, {});
    const partitions: number[] = [];
    for (let i = 0; i < 7; i++) {
      partitions.push((await http.post("/produce", { topic, value: `v${i}` })).json.partition);
    }
    assert.deepEqual(partitions, [0, 1, 2, 0, 1, 2, 0]);
  }));

Deno.test("bad parameters get a 400 naming the parameter; unknown topics and partitions a 404", () =>
  withConsole({ autoCreateTopics: false }, async (http, b) => {
    const topic = uniqueTopic("bad");
    b.broker.createTopic(topic, 2, {});
    await http.post("/produce", { topic, partition: 0, value: "x" });
    const badProduce: [unknown, string][] = [
      [{ value: "x" }, "topic"],
      [{ topic: "no spaces allowed", value: "x" }, "topic"],
      [{ topic: 5, value: "x" }, "topic"],
      [{ topic }, "value"],
      [{ topic, value: 5 }, "value"],
      [{ topic, value: "x", key: 5 }, "key"],
      [{ topic, value: "x", partition: "one" }, "partition"],
      [{ topic, value: "x", partition: -1 }, "partition"],
      [{ topic, value: "x", partition: 1.5 }, "partition"],
      [{ topic, value: "x", headers: 5 }, "headers"],
      [{ topic, value: "x", headers: "{not json" }, "headers"],
      [{ topic, value: "x", headers: { h: 1 } }, "headers"],
      [{ topic, value: "x", headers: [["only-key"]] }, "headers"],
    ];
    for (const [body, param] of badProduce) {
      const r = await http.post("/produce", body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
      assert.ok(r.json.error.startsWith(`${param}: `), `${JSON.stringify(body)}: ${r.json.error}`);
    }
    const badBodies: [string, string][] = [
      ["{not json", "application/json"],
      ["[1,2]", "application/json"],
      ["value=x", "text/plain"],
    ];
    for (const [body, type] of badBodies) {
      const r = await http.post("/produce", body, { headers: { "content-type": type } });
      assert.equal(r.status, 400, body);
      assert.match(r.json.error, /^body: /);
    }
    const badFetch: [string, string][] = [
      ["", "topic"],
      [`topic=${topic}&partition=x`, "partition"],
      [`topic=${topic}&partition=-1`, "partition"],
      [`topic=${topic}&offset=-1`, "offset"],
      [`topic=${topic}&offset=2`, "offset"],
      [`topic=${topic}&offset=abc`, "offset"],
      [`topic=${topic}&max=0`, "max"],
      [`topic=${topic}&max=1001`, "max"],
      [`topic=${topic}&format=xml`, "format"],
    ];
    for (const [query, param] of badFetch) {
      const r = await http.get(`/fetch?${query}`);
      assert.equal(r.status, 400, `${query}: ${r.text}`);
      assert.ok(r.json.error.startsWith(`${param}: `), `${query}: ${r.json.error}`);
    }
    const missing: [string, string, unknown?][] = [
      ["GET", "/fetch?topic=no-such-topic"],
      ["GET", `/fetch?topic=${topic}&partition=2`],
      ["POST", "/produce", { topic, partition: 2, value: "x" }],
      ["POST", "/produce", { topic: "no-such-topic", value: "x" }],
    ];
    for (const [method, path, body] of missing) {
      const r = await http.call(method, path, { body });
      assert.equal(r.status, 404, `${method} ${path}: ${r.text}`);
      assert.equal(typeof r.json.error, "string");
    }
    assert.equal(b.broker.store.topic("no-such-topic"), undefined);
    assert.equal(b.broker.store.partition(topic, 0)!.nextOffset, 1, "nothing else was stored");
  }));

Deno.test("full memory and disk answer 503 with Retry-After and store nothing", () =>
  withConsole(
    { maxMemoryBytes: 2 * 64 * 1024, segmentSizeBytes: 64 * 1024, maxDiskBytes: 64 * 1024 },
    async (http, b) => {
      const topic = uniqueTopic("full");
      b.broker.createTopic(topic, 1, {});
      assert.equal((await http.post("/produce", { topic, value: "small" })).status, 200);
      // Larger than a segment, it needs both segments: the small batch spills to make room.
      const big = "x".repeat(100 * 1024);
      assert.equal((await http.post("/produce", { topic, value: big })).status, 200);
      // Another one would have to spill the first big one, which passes max_disk.
      for (const path of ["/produce", `/api/topics/${topic}/messages`]) {
        const r = await http.post(path, { topic, value: big });
        assert.equal(r.status, 503, r.text);
        assert.equal(r.headers.get("retry-after"), "1");
        assert.match(r.json.error, /memory full/);
      }
      assert.equal(b.broker.store.partition(topic, 0)!.nextOffset, 2);
    },
  ));

Deno.test("a record over the topic's max.message.bytes answers 413", () =>
  withConsole({}, async (http, b) => {
    const topic = uniqueTopic("too-big");
    b.broker.createTopic(topic, 1, { "max.message.bytes": "200" });
    const r = await http.post("/produce", { topic, value: "y".repeat(300) });
    assert.equal(r.status, 413, r.text);
    assert.match(r.json.error, /max\.message\.bytes 200/);
    assert.equal(b.broker.store.partition(topic, 0)!.nextOffset, 0);
  }));

Deno.test("a stored batch that cannot be decoded answers 500 and the broker keeps serving", () =>
  withConsole({}, async (http, b) => {
    const topic = uniqueTopic("corrupt");
    b.broker.createTopic(topic, 1, {});
    // A valid batch header and CRC over records whose first length overruns the batch.
    const batch = buildBatch([{ value: new TextEncoder().encode("payload") }]);
    batch[61] = 0x7e; // the first record's length varint: 63 bytes, more than are left
    new DataView(batch.buffer).setUint32(BatchField.crc, crc32c(batch, BatchField.attributes));
    assert.equal(produceToPartition(b.broker, topic, 0, batch).response.errorCode, 0);
    const r = await http.get(`/fetch?topic=${topic}`);
    assert.equal(r.status, 500);
    assert.match(r.json.error, /^internal error: record length/);
    assert.equal((await http.get("/api/overview")).status, 200);
    assert.equal((await http.post("/produce", { topic, value: "after" })).json.offset, 1);
  }));

Deno.test("a body over 10 MiB answers 413, declared or streamed", () =>
  withConsole({}, async (http, b) => {
    const topic = uniqueTopic("huge");
    b.broker.createTopic(topic, 1, {});
    const huge = JSON.stringify({ topic, value: "z".repeat(10 * 1024 * 1024) });
    const declared = await http.post("/produce", huge, {
      headers: { "content-type": "application/json" },
    });
    assert.deepEqual([declared.status, declared.json], [413, {
      error: "body: larger than 10485760 bytes",
    }]);
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    const streamed = await fetch(`${http.base}/produce`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({
        pull(controller) {
          if (sent++ < 12) controller.enqueue(chunk);
          else controller.close();
        },
      }),
    });
    assert.equal(streamed.status, 413);
    assert.deepEqual(await streamed.json(), { error: "body: larger than 10485760 bytes" });
    assert.equal(b.broker.store.partition(topic, 0)!.nextOffset, 0);
  }));

Deno.test("partitionForKey agrees with kafkajs's Java-compatible partitioner on any bytes", () => {
  const kafkajsPartition = Partitioners.DefaultPartitioner();
  for (let i = 0; i < 2000; i++) {
    const key = crypto.getRandomValues(new Uint8Array(i % 23));
    const partitionCount = 1 + (i % 13);
    const partitionMetadata = Array.from({ length: partitionCount }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    const expected = kafkajsPartition({
      topic: "t",
      partitionMetadata,
      message: { key: Buffer.from(key), value: null },
    });
    assert.equal(partitionForKey(key, partitionCount), expected, `key ${key}`);
  }
  // A pinned value: the key "0" hashes to 971027396 (kafkajs's murmur2 agrees, as above).
  assert.equal(murmur2(new TextEncoder().encode("0")), 971027396);
});

Deno.test("a record without a key to a compacted topic answers 400 naming the key", () =>
  withConsole({}, async (http, b) => {
    const topic = uniqueTopic("compacted");
    b.broker.createTopic(topic, 1, { "cleanup.policy": "compact" });
    const r = await http.post("/produce", { topic, value: "no key" });
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.error, /key/);
    assert.equal((await http.post("/produce", { topic, key: "k", value: "v" })).status, 200);
    assert.equal(b.broker.store.partition(topic, 0)!.nextOffset, 1);
  }));
