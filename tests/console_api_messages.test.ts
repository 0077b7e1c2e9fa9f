/**
 * The admin API's message browser and produce form: pages by offset, the newest N, from a
 * timestamp; keys and values as text, JSON or hex with the fallbacks; headers and sizes;
 * producing a message and consuming it with kcat; and the refusals.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { hasCommand, type TestBroker, uniqueTopic, withBroker } from "./helpers/broker.ts";
import { ConsoleHttp } from "./helpers/console_http.ts";
import { kafkaFor } from "./helpers/kafkajs.ts";
import { kcatJsonLines, kcatOk } from "./helpers/kcat.ts";

const NO_KCAT = !hasCommand("kcat");

function withConsole(fn: (http: ConsoleHttp, b: TestBroker) => Promise<void>) {
  return withBroker({}, (b) => fn(new ConsoleHttp(b.restPort), b));
}

/** Produces `values` with timestamps 1000, 2000, ... to partition 0 through kafkajs. */
async function produceTimed(b: TestBroker, topic: string, values: (string | Buffer)[]) {
  const producer = kafkaFor(b).producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: values.map((value, i) => ({
        partition: 0,
        key: `k${i}`,
        value,
        timestamp: String((i + 1) * 1000),
      })),
    });
  } finally {
    await producer.disconnect();
  }
}

const offsets = (records: { offset: number }[]) => records.map((r) => r.offset);

Deno.test("the browser pages by offset, takes the newest N and starts from a timestamp", () =>
  withConsole(async (http, b) => {
    const topic = uniqueTopic("browse");
    b.broker.createTopic(topic, 1, {});
    await produceTimed(b, topic, Array.from({ length: 10 }, (_, i) => `v${i}`));
    const page = (query: string) => http.get(`/api/topics/${topic}/messages?${query}`);

    const first = await page("partition=0&offset=0&limit=4");
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(
      { ...first.json, records: offsets(first.json.records) },
      { partition: 0, logStartOffset: 0, nextOffset: 4, highWatermark: 10, records: [0, 1, 2, 3] },
    );
    const second = await page(`offset=${first.json.nextOffset}&limit=4`);
    assert.deepEqual([offsets(second.json.records), second.json.nextOffset], [[4, 5, 6, 7], 8]);
    const last = await page("offset=8&limit=4");
    assert.deepEqual([offsets(last.json.records), last.json.nextOffset], [[8, 9], 10]);
    const past = await page("offset=50");
    assert.deepEqual([offsets(past.json.records), past.json.nextOffset], [[], 10]);

    assert.deepEqual(offsets((await page("newest=3")).json.records), [7, 8, 9]);
    assert.deepEqual(offsets((await page("newest=3&limit=2")).json.records), [7, 8]);
    assert.deepEqual(offsets((await page("newest=500")).json.records), [
      0,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      9,
    ]);
    assert.deepEqual(offsets((await page("")).json.records).length, 10, "from the log start");

    const fromTime = await page("fromTime=3500&limit=2");
    assert.deepEqual(
      fromTime.json.records.map((
        r: { offset: number; timestampMs: number },
      ) => [r.offset, r.timestampMs]),
      [[3, 4000], [4, 5000]],
    );
    const afterAll = await page("fromTime=99999");
    assert.deepEqual([afterAll.json.records, afterAll.json.nextOffset], [[], 10]);

    b.broker.store.partition(topic, 0)!.deleteBefore(6);
    const clamped = await page("offset=2&limit=2");
    assert.deepEqual(
      [clamped.json.logStartOffset, offsets(clamped.json.records)],
      [6, [6, 7]],
    );
    assert.deepEqual(offsets((await page("newest=20")).json.records), [6, 7, 8, 9]);
  }));

Deno.test("keys, values and headers render as text, JSON or hex, saying which they got", () =>
  withConsole(async (http, b) => {
    const topic = uniqueTopic("render");
    b.broker.createTopic(topic, 1, {});
    const producer = kafkaFor(b).producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: [
          {
            partition: 0,
            key: '{"id":1}',
            value: "plain text",
            headers: { h: "x" },
            timestamp: "5",
          },
          { partition: 0, key: null, value: Buffer.from([0xff, 0x00, 0xfe]), timestamp: "6" },
          { partition: 0, key: "k", value: null, timestamp: "7" },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const records = async (format: string) =>
      (await http.get(`/api/topics/${topic}/messages?format=${format}`)).json.records;
    assert.deepEqual(await records("json"), [
      {
        offset: 0,
        timestampMs: 5,
        key: { id: 1 },
        value: "plain text",
        keyFormat: "json",
        valueFormat: "text",
        headers: [{ key: "h", value: "x" }],
        sizeBytes: 8 + 10 + 1 + 1,
      },
      {
        offset: 1,
        timestampMs: 6,
        key: null,
        value: "ff00fe",
        keyFormat: "json",
        valueFormat: "hex",
        headers: [],
        sizeBytes: 3,
      },
      {
        offset: 2,
        timestampMs: 7,
        key: "k",
        value: null,
        keyFormat: "text",
        valueFormat: "json",
        headers: [],
        sizeBytes: 1,
      },
    ]);
    const text = await records("text");
    assert.deepEqual(
      text.map((r: Record<string, unknown>) => [r.key, r.keyFormat, r.value, r.valueFormat]),
      [['{"id":1}', "text", "plain text", "text"], [null, "text", "ff00fe", "hex"], [
        "k",
        "text",
        null,
        "text",
      ]],
    );
    const hex = await records("hex");
    assert.deepEqual(
      hex.map((r: Record<string, unknown>) => [r.key, r.value, r.headers]),
      [
        ["7b226964223a317d", "706c61696e2074657874", [{ key: "h", value: "78" }]],
        [null, "ff00fe", []],
        ["6b", null, []],
      ],
    );
  }));

Deno.test({
  name: "a message produced through the API is browsed and consumed by kcat",
  ignore: NO_KCAT,
  fn: () =>
    withConsole(async (http, b) => {
      const topic = uniqueTopic("api-produce");
      b.broker.createTopic(topic, 2, {});
      const produced = await http.post(`/api/topics/${topic}/messages`, {
        partition: 1,
        key: "order-1",
        value: '{"qty":2}',
        headers: [{ key: "source", value: "console" }],
      });
      assert.deepEqual([produced.status, produced.json], [201, { partition: 1, offset: 0 }]);
      const noKey = await http.post(`/api/topics/${topic}/messages`, { value: "" });
      assert.equal(noKey.status, 201);
      assert.equal(noKey.json.offset, 0);
      const browsed = await http.get(`/api/topics/${topic}/messages?partition=1&format=json`);
      assert.deepEqual(
        browsed.json.records.map((r: Record<string, unknown>) => [r.key, r.value, r.headers]),
        [["order-1", { qty: 2 }, [{ key: "source", value: "console" }]]],
      );
      const consumed = kcatJsonLines(
        (await kcatOk(b.bootstrap, ["-C", "-t", topic, "-p", "1", "-o", "beginning", "-e", "-J"]))
          .text,
      );
      assert.deepEqual(
        consumed.map((m) => [m.offset, m.key, m.payload, m.headers]),
        [[0, "order-1", '{"qty":2}', ["source", "console"]]],
      );
    }),
});

Deno.test("the browser and the produce form refuse bad parameters, unknown topics and partitions", () =>
  withConsole(async (http, b) => {
    const topic = uniqueTopic("refuse");
    b.broker.createTopic(topic, 1, {});
    const badQueries: [string, string][] = [
      ["partition=x", "partition"],
      ["partition=-1", "partition"],
      ["offset=-1", "offset"],
      ["offset=1.5", "offset"],
      ["newest=0", "newest"],
      ["newest=501", "newest"],
      ["limit=0", "limit"],
      ["limit=501", "limit"],
      ["fromTime=yesterday", "fromTime"],
      ["format=xml", "format"],
      ["format=base64", "format"],
      ["offset=0&newest=5", "newest"],
      ["newest=5&fromTime=10", "fromTime"],
    ];
    for (const [query, param] of badQueries) {
      const r = await http.get(`/api/topics/${topic}/messages?${query}`);
      assert.equal(r.status, 400, `${query}: ${r.text}`);
      assert.ok(r.json.error.startsWith(`${param}: `), `${query}: ${r.json.error}`);
    }
    const badBodies: [unknown, string][] = [
      [{}, "value"],
      [{ value: 1 }, "value"],
      [{ value: "v", key: {} }, "key"],
      [{ value: "v", partition: "first" }, "partition"],
      [{ value: "v", headers: [{ value: "no key" }] }, "headers"],
      [{ value: "v", headers: [{ key: "k", value: 3 }] }, "headers"],
    ];
    for (const [body, param] of badBodies) {
      const r = await http.post(`/api/topics/${topic}/messages`, body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
      assert.ok(r.json.error.startsWith(`${param}: `), `${JSON.stringify(body)}: ${r.json.error}`);
    }
    const missing: [string, string, unknown?][] = [
      ["GET", "/api/topics/no-such-topic/messages"],
      ["GET", `/api/topics/${topic}/messages?partition=1`],
      ["POST", "/api/topics/no-such-topic/messages", { value: "v" }],
      ["POST", `/api/topics/${topic}/messages`, { value: "v", partition: 1 }],
    ];
    for (const [method, path, body] of missing) {
      const r = await http.call(method, path, { body });
      assert.equal(r.status, 404, `${method} ${path}: ${r.text}`);
    }
    assert.equal(b.broker.store.topic("no-such-topic"), undefined, "the API does not auto-create");
    assert.equal(b.broker.store.partition(topic, 0)!.nextOffset, 0);
  }));
