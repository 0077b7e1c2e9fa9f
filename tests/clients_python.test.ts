/**
 * Integration tests with the Python clients confluent-kafka (librdkafka) and kafka-python 2.0.2
 * against an in-process broker. The scripts in tests/clients/python take JSON on stdin and print
 * JSON; these tests assert on what they print and on the broker's storage. Scenarios both clients
 * share run once per client from the table below (and with kcat, in record_scenarios.ts).
 *
 * Consumers assign partitions without joining a group, so these tests do not depend on the group
 * coordinator.
 */
import assert from "node:assert/strict";
import { type TestBroker, uniqueTopic } from "./helpers/broker.ts";
import { asText, b64, type OutMessage, runPython } from "./helpers/python.ts";
import {
  confluentKafka,
  kafkaPython,
  type PythonClient,
  SCRIPT_TIMEOUT_MS,
} from "./helpers/python_clients.ts";
import {
  newTopic,
  type RecordScenario,
  recordTests,
  roundRobinMessages,
  textMessages,
} from "./helpers/record_client.ts";
import { recordScenarios } from "./helpers/record_scenarios.ts";
import { readBatchHeader } from "../broker/records/batch_header.ts";
import { storedBatches } from "./helpers/stored_batches.ts";
import type { RequestContext } from "../broker/api.ts";

/** librdkafka settings to consume values up to 4 MiB. */
const BIG_FETCH = {
  "fetch.max.bytes": 8 * 1024 * 1024,
  "max.partition.fetch.bytes": 4 * 1024 * 1024,
  "receive.message.max.bytes": 16 * 1024 * 1024,
};

/**
 * Calls `observe` for every request this broker serves, before its handler runs (wraps the
 * entries of this broker's own handler table; other brokers are untouched).
 */
function observeRequests(
  b: TestBroker,
  observe: (apiName: string, req: any, ctx: RequestContext) => void,
): void {
  for (const [key, handler] of b.broker.handlers) {
    b.broker.handlers.set(key, {
      ...handler,
      handle(req, ctx) {
        observe(handler.name, req, ctx);
        return handler.handle(req, ctx);
      },
    });
  }
}

// ------------------------------------------------------- scenarios both Python clients share

const roundTrip: RecordScenario<PythonClient> = {
  title: "keys, values, headers, nulls, empty values and timestamps round-trip",
  async run(client, b) {
    const topic = newTopic(b, "py-kv", 3);
    const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
    const headers: [string, string | null][] = [
      ["h1", "a"],
      ...(client.sendsNullHeaderValues ? [["h-null", null] as [string, null]] : []),
      ["h-empty", ""],
      ["h1", "again"],
    ];
    const baseMs = 1_600_000_000_000;
    const sent: OutMessage[] = [
      { topic, partition: 0, key: "k1", value: "v1", headers, timestampMs: baseMs + 1 },
      { topic, partition: 0, key: null, value: "no key", timestampMs: baseMs + 2 },
      { topic, partition: 0, key: "k3", value: null, timestampMs: baseMs + 3 },
      { topic, partition: 2, key: "k4", value: "", timestampMs: baseMs + 4 },
      { topic, partition: 0, key: binary, value: binary, timestampMs: 1_500_000_000_000 },
    ];
    const deliveries = await client.produceMessages(b, sent);
    assert.deepEqual(
      deliveries,
      [[0, 0], [0, 1], [0, 2], [2, 0], [0, 3]].map(([partition, offset], i) => ({
        partition,
        offset,
        timestampMs: sent[i].timestampMs,
        error: null,
      })),
    );
    assert.deepEqual(b.broker.store.topic(topic)!.partitions.map((p) => p.nextOffset), [4, 0, 1]);

    const got = await client.consumeMessages(b, [
      { topic, partition: 0, offset: 0 },
      { topic, partition: 2, offset: 0 },
    ]);
    assert.deepEqual(got.errors, []);
    const [k1, noKey, nullValue, binaryRecord, emptyValue] = [...got.messages].sort((x, y) =>
      x.partition - y.partition || x.offset - y.offset
    );
    assert.deepEqual([k1, noKey, nullValue, emptyValue].map(asText), [
      { partition: 0, offset: 0, key: "k1", value: "v1", headers },
      { partition: 0, offset: 1, key: null, value: "no key", headers: [] },
      { partition: 0, offset: 2, key: "k3", value: null, headers: [] },
      { partition: 2, offset: 0, key: "k4", value: "", headers: [] },
    ]);
    assert.equal(binaryRecord.offset, 3);
    assert.equal(binaryRecord.key, b64(binary));
    assert.equal(binaryRecord.value, b64(binary));
    // CreateTime: the producer's own timestamps come back.
    assert.deepEqual(
      [k1, noKey, nullValue, emptyValue, binaryRecord].map((m) => [m.timestampType, m.timestampMs]),
      sent.map((m) => [client.createTimeType, m.timestampMs]),
    );
  },
};

const offsetsForTimes: RecordScenario<PythonClient> = {
  title: "offsets_for_times finds the first record at or after a time, per record in a batch",
  async run(client, b) {
    const topic = newTopic(b, "py-times");
    const baseMs = 1_700_000_000_000;
    const sent = [1000, 2000, 3000, 4000].map((deltaMs, i) => ({
      topic,
      partition: 0,
      key: null,
      value: `t${i}`,
      timestampMs: baseMs + deltaMs,
    }));
    await client.produceMessages(b, sent, { lingerMs: 100 });
    assert.equal(b.broker.store.partition(topic, 0)?.batchCount, 1, "one batch of 4 records");
    assert.deepEqual(await client.watermarks(b, topic, 0), [0, 4]);

    const found = await client.offsetsForTimes(b, topic, 0, [
      baseMs,
      baseMs + 1000,
      // Kafka answers per record, not per batch: the record at offset 2 is the first >= this.
      baseMs + 2500,
      baseMs + 4000,
      baseMs + 4001,
    ]);
    assert.deepEqual(found.map((f) => f?.offset ?? null), [0, 0, 2, 3, null]);
    // Kafka: the earliest offset whose timestamp >= the asked time, with that record's time
    // (kafka-python reports it; librdkafka 2.0.2's offsets_for_times does not).
    const expectedMs = [baseMs + 1000, baseMs + 1000, baseMs + 3000, baseMs + 4000];
    found.forEach((f, i) => {
      if (f?.timestampMs !== undefined) assert.equal(f.timestampMs, expectedMs[i], `time ${i}`);
    });
  },
};

const admin: RecordScenario<PythonClient> = {
  title: "admin: create_topics, create_partitions, describe_configs, delete_topics",
  async run(client, b) {
    const topic = uniqueTopic("py-admin");
    const answers = client.adminAnswers;
    const r = await client.admin(b, [
      {
        op: "create_topics",
        topics: [{ name: topic, partitions: 2, config: { "retention.ms": "60000" } }],
      },
      { op: "create_topics", topics: [{ name: topic, partitions: 2 }] },
      { op: "create_partitions", topic, total: 5 },
      { op: "describe_configs", topic },
    ]);
    assert.deepEqual(r.results.slice(0, 3), [
      answers.done(topic),
      answers.exists(topic),
      answers.done(topic),
    ]);
    const configs = answers.configs(r.results[3]);
    assert.equal(configs["retention.ms"], "60000");
    assert.equal(configs["cleanup.policy"], "delete");
    const stored = b.broker.store.topic(topic);
    assert(stored, "topic exists on the broker");
    assert.equal(stored.partitions.length, 5);
    assert.deepEqual(stored.configs, { "retention.ms": "60000" });

    const deleted = await client.admin(b, [
      { op: "delete_topics", topics: [topic] },
      { op: "describe_configs", topic },
    ]);
    assert.deepEqual(deleted.results, [answers.done(topic), answers.noTopic]);
    assert.equal(b.broker.store.topic(topic), undefined);
  },
};

const seek: RecordScenario<PythonClient> = {
  title: "seek moves the consumer to an exact offset",
  async run(client, b) {
    const topic = newTopic(b, "py-seek");
    const texts = Array.from({ length: 10 }, (_, i) => `s-${i}`);
    await client.produce(b, textMessages(topic, 0, texts));
    const got = await client.consumeMessages(b, [{ topic, partition: 0, offset: 0 }], {
      seek: { afterMessages: 3, to: [{ topic, partition: 0, offset: 7 }] },
    });
    assert.deepEqual(got.errors, []);
    assert.deepEqual(
      got.messages.map((m) => [m.offset, asText(m).value]),
      [0, 1, 2, 7, 8, 9].map((o) => [o, `s-${o}`]),
    );
  },
};

// ---------------------------------------------------------- confluent-kafka (librdkafka) only

const bigValue: RecordScenario<PythonClient> = {
  title: "a 1 MiB value round-trips byte for byte",
  async run(client, b) {
    const topic = newTopic(b, "ck-big");
    const value = Uint8Array.from({ length: 1024 * 1024 }, (_, i) => (i * 13 + (i >> 12)) % 256);
    const deliveries = await client.produceMessages(
      b,
      [{ topic, partition: 0, key: "big", value }],
      { config: { "message.max.bytes": 4 * 1024 * 1024 } },
    );
    assert.deepEqual(deliveries.map((d) => [d.partition, d.offset, d.error]), [[0, 0, null]]);
    const got = await client.consumeMessages(b, [{ topic, partition: 0, offset: 0 }], {
      config: BIG_FETCH,
    });
    assert.deepEqual(got.errors, []);
    assert.equal(got.messages.length, 1);
    assert.equal(got.messages[0].value, b64(value));
  },
};

const longPoll: RecordScenario<PythonClient> = {
  title: "a long-polling consumer gets a new message within 500 ms",
  async run(client, b) {
    const topic = newTopic(b, "ck-longpoll");
    const fetchWaits: number[] = [];
    observeRequests(b, (api, req) => {
      if (api === "Fetch") fetchWaits.push(req.maxWaitMs);
    });
    const r = await runPython<{
      latencyMs: number | null;
      offset: number | null;
      value: string | null;
      messagesBeforeProduce: number;
    }>(client.interpreter!, "ck_long_poll.py", {
      bootstrap: b.bootstrap,
      topic,
      partition: 0,
      fetchWaitMaxMs: 5000,
      idleMs: 1500,
      timeoutMs: 10_000,
      value: b64("wake up"),
    }, SCRIPT_TIMEOUT_MS);
    assert.equal(r.messagesBeforeProduce, 0);
    assert.equal(r.offset, 0);
    assert.equal(r.value, b64("wake up"));
    assert(fetchWaits.length > 0 && fetchWaits.every((ms) => ms === 5000), `${fetchWaits}`);
    assert(r.latencyMs !== null && r.latencyMs < 500, `latency ${r.latencyMs} ms`);
  },
};

const idempotent: RecordScenario<PythonClient> = {
  title: "the idempotent producer lands 1,000 messages exactly once",
  async run(client, b) {
    const topic = newTopic(b, "ck-idem", 3);
    const sent = roundRobinMessages(topic, 1000, 3, () => null, (i) => `idem-${i}`);
    const deliveries = await client.produceMessages(b, sent, {
      lingerMs: 5,
      config: { "enable.idempotence": true, "batch.num.messages": 50 },
    });
    assert.deepEqual(
      deliveries.map((d) => [d.partition, d.offset, d.error]),
      sent.map((_, i) => [i % 3, Math.floor(i / 3), null]),
    );
    const batches = [0, 1, 2].flatMap((p) => storedBatches(b, topic, p));
    assert(batches.length > 3, `${batches.length} batches`);
    for (const batch of batches) {
      const h = readBatchHeader(batch);
      assert(h.producerId >= 0, "batches carry the producer id");
      assert(h.baseSequence >= 0, "batches carry sequence numbers");
    }
    const got = await client.consume(b, topic, [0, 1, 2], 0);
    assert.deepEqual(got.map((m) => m.value).sort(), sent.map((m) => m.value).sort());
  },
};

// ------------------------------------------------------------------- kafka-python 2.0.2 only

const oldApiVersions: RecordScenario<PythonClient> = {
  title: "produce and list offsets over its old API versions",
  async run(client, b) {
    const served = new Map<string, Set<number>>();
    observeRequests(b, (api, _req, ctx) => {
      if (!served.has(api)) served.set(api, new Set());
      served.get(api)!.add(ctx.apiVersion);
    });
    const topic = newTopic(b, "kp-old", 3);
    const baseMs = 1_650_000_000_000;
    const sent = [0, 0, 0, 2].map((partition, i) => ({
      topic,
      partition,
      key: null,
      value: `v${i}`,
      timestampMs: baseMs + 10 * i,
    }));
    const deliveries = await client.produceMessages(b, sent);
    assert.deepEqual(deliveries, [
      { partition: 0, offset: 0, timestampMs: baseMs, error: null },
      { partition: 0, offset: 1, timestampMs: baseMs + 10, error: null },
      { partition: 0, offset: 2, timestampMs: baseMs + 20, error: null },
      { partition: 2, offset: 0, timestampMs: baseMs + 30, error: null },
    ]);
    assert.deepEqual(
      b.broker.store.topic(topic)!.partitions.map((p) => p.nextOffset),
      [3, 0, 1],
    );

    assert.deepEqual(await client.watermarks(b, topic, 0), [0, 3]);
    assert.deepEqual(await client.watermarks(b, topic, 2), [0, 1]);
    assert.deepEqual(await client.offsetsForTimes(b, topic, 2, [baseMs + 30, baseMs + 31]), [
      { offset: 0, timestampMs: baseMs + 30 },
      null,
    ]);

    // kafka-python 2.0.2 always sends Metadata v1 and offsets_for_times sends ListOffsets v1.
    assert(served.get("Metadata")?.has(1), `Metadata versions ${[...served.get("Metadata")!]}`);
    assert(served.get("ListOffsets")?.has(1), `ListOffsets ${[...served.get("ListOffsets")!]}`);
  },
};

/** Each client runs every shared scenario, then its own. */
const CLIENTS: [PythonClient, RecordScenario<PythonClient>[]][] = [
  [confluentKafka, [bigValue, longPoll, idempotent]],
  [kafkaPython, [oldApiVersions]],
];
for (const [client, own] of CLIENTS) {
  recordTests(client, [
    ...recordScenarios(client),
    admin,
    roundTrip,
    offsetsForTimes,
    seek,
    ...own,
  ]);
}
