/**
 * Integration tests with the Python clients confluent-kafka (librdkafka) and kafka-python 2.0.2
 * against an in-process broker. The scripts in tests/clients/python take JSON on stdin and print
 * JSON; these tests assert on what they print and on the broker's storage.
 *
 * Consumers assign partitions without joining a group, so these tests do not depend on the group
 * coordinator.
 */
import assert from "node:assert/strict";
import { type TestBroker, uniqueTopic, withBroker } from "./helpers/broker.ts";
import {
  asText,
  b64,
  type ConsumeResult,
  encodeMessages,
  type OutMessage,
  pythonWith,
  runPython,
} from "./helpers/python.ts";
import { Codec, COMPRESSION_MASK, readBatchHeader } from "../broker/records/batch_header.ts";
import { storedBatches } from "./helpers/stored_batches.ts";
import type { RequestContext } from "../broker/api.ts";

const CONFLUENT = pythonWith("confluent_kafka");
const KAFKA_PYTHON = pythonWith("kafka");
const SCRIPT_TIMEOUT_MS = 60_000;
/** librdkafka settings to consume values up to 4 MiB. */
const BIG_FETCH = {
  "fetch.max.bytes": 8 * 1024 * 1024,
  "max.partition.fetch.bytes": 4 * 1024 * 1024,
  "receive.message.max.bytes": 16 * 1024 * 1024,
};

interface Delivery {
  partition: number | null;
  offset: number | null;
  error: string | null;
}

interface KpDelivery extends Delivery {
  timestampMs: number | null;
}

interface Assignment {
  topic: string;
  partition: number;
  offset: number;
}

interface ConsumeOptions {
  config?: Record<string, unknown>;
  maxMessages?: number;
  seek?: { afterMessages: number; to: Assignment[] };
}

function ckAdmin(b: TestBroker, steps: unknown[]): Promise<{ results: any[] }> {
  return runPython(CONFLUENT!, "ck_admin.py", { bootstrap: b.bootstrap, steps }, SCRIPT_TIMEOUT_MS);
}

async function ckProduce(
  b: TestBroker,
  messages: OutMessage[],
  config: Record<string, unknown> = {},
): Promise<Delivery[]> {
  const r = await runPython<{ deliveries: Delivery[]; unflushed: number }>(
    CONFLUENT!,
    "ck_produce.py",
    { bootstrap: b.bootstrap, config, flushTimeoutMs: 30_000, messages: encodeMessages(messages) },
    SCRIPT_TIMEOUT_MS,
  );
  assert.equal(r.unflushed, 0, "every message was delivered or failed before the flush timeout");
  return r.deliveries;
}

function ckConsume(
  b: TestBroker,
  assign: Assignment[],
  opts: ConsumeOptions = {},
): Promise<ConsumeResult> {
  return runPython(CONFLUENT!, "ck_consume.py", {
    bootstrap: b.bootstrap,
    config: opts.config ?? {},
    timeoutMs: 30_000,
    maxMessages: opts.maxMessages ?? 1_000_000,
    assign,
    ...(opts.seek ? { seek: opts.seek } : {}),
  }, SCRIPT_TIMEOUT_MS);
}

function ckOffsets(
  b: TestBroker,
  watermarks: { topic: string; partition: number }[],
  times: { topic: string; partition: number; timestampMs: number }[],
): Promise<{ watermarks: [number, number][]; times: { offset: number; error: string | null }[] }> {
  return runPython(
    CONFLUENT!,
    "ck_offsets.py",
    { bootstrap: b.bootstrap, watermarks, times },
    SCRIPT_TIMEOUT_MS,
  );
}

function kpAdmin(b: TestBroker, steps: unknown[]): Promise<{ results: any[] }> {
  return runPython(
    KAFKA_PYTHON!,
    "kp_admin.py",
    { bootstrap: b.bootstrap, steps },
    SCRIPT_TIMEOUT_MS,
  );
}

async function kpProduce(
  b: TestBroker,
  messages: OutMessage[],
  config: Record<string, unknown> = {},
): Promise<KpDelivery[]> {
  const r = await runPython<{ deliveries: KpDelivery[] }>(
    KAFKA_PYTHON!,
    "kp_produce.py",
    { bootstrap: b.bootstrap, config, timeoutMs: 30_000, messages: encodeMessages(messages) },
    SCRIPT_TIMEOUT_MS,
  );
  return r.deliveries;
}

function kpConsume(
  b: TestBroker,
  assign: Assignment[],
  opts: ConsumeOptions = {},
): Promise<ConsumeResult> {
  return runPython(KAFKA_PYTHON!, "kp_consume.py", {
    bootstrap: b.bootstrap,
    config: opts.config ?? {},
    timeoutMs: 30_000,
    maxMessages: opts.maxMessages ?? 1_000_000,
    assign,
    ...(opts.seek ? { seek: opts.seek } : {}),
  }, SCRIPT_TIMEOUT_MS);
}

function kpOffsets(
  b: TestBroker,
  partitions: { topic: string; partition: number }[],
  times: { topic: string; partition: number; timestampMs: number }[],
): Promise<{
  beginning: number[];
  end: number[];
  times: ({ offset: number; timestampMs: number } | null)[];
}> {
  return runPython(
    KAFKA_PYTHON!,
    "kp_offsets.py",
    { bootstrap: b.bootstrap, partitions, times },
    SCRIPT_TIMEOUT_MS,
  );
}

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

function values(topic: string, partition: number, texts: string[]): OutMessage[] {
  return texts.map((value) => ({ topic, partition, key: null, value }));
}

// ---------------------------------------------------------------- confluent-kafka (librdkafka)

Deno.test({
  name: "confluent-kafka AdminClient: create_topics, create_partitions, describe_configs, delete",
  ignore: CONFLUENT === null,
  fn: () =>
    withBroker({}, async (b) => {
      const topic = uniqueTopic("ck-admin");
      const r = await ckAdmin(b, [
        {
          op: "create_topics",
          topics: [{ name: topic, partitions: 2, config: { "retention.ms": "60000" } }],
        },
        { op: "create_topics", topics: [{ name: topic, partitions: 2 }] },
        { op: "create_partitions", topic, total: 5 },
        { op: "describe_configs", topic },
      ]);
      assert.deepEqual(r.results.slice(0, 3), [
        { [topic]: null },
        { [topic]: "TOPIC_ALREADY_EXISTS" },
        { [topic]: null },
      ]);
      assert.equal(r.results[3].configs["retention.ms"], "60000");
      assert.equal(r.results[3].configs["cleanup.policy"], "delete");
      const stored = b.broker.store.topic(topic);
      assert(stored, "topic exists on the broker");
      assert.equal(stored.partitions.length, 5);
      assert.deepEqual(stored.configs, { "retention.ms": "60000" });

      const deleted = await ckAdmin(b, [
        { op: "delete_topics", topics: [topic] },
        { op: "describe_configs", topic },
      ]);
      assert.deepEqual(deleted.results[0], { [topic]: null });
      assert.deepEqual(deleted.results[1], { error: "UNKNOWN_TOPIC_OR_PART" });
      assert.equal(b.broker.store.topic(topic), undefined);
    }),
});

Deno.test({
  name: "confluent-kafka: keys, values, headers, nulls, empty values and timestamps round-trip",
  ignore: CONFLUENT === null,
  fn: () =>
    withBroker({}, async (b) => {
      const topic = uniqueTopic("ck-kv");
      b.broker.createTopic(topic, 1, {});
      const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
      const sent: OutMessage[] = [
        {
          topic,
          partition: 0,
          key: "k1",
          value: "v1",
          headers: [["h1", "a"], ["h-null", null], ["h-empty", ""], ["h1", "again"]],
          timestampMs: 1_600_000_000_001,
        },
        { topic, partition: 0, key: null, value: "no key", timestampMs: 1_600_000_000_002 },
        { topic, partition: 0, key: "k3", value: null, timestampMs: 1_600_000_000_003 },
        { topic, partition: 0, key: "k4", value: "", timestampMs: 1_600_000_000_004 },
        { topic, partition: 0, key: binary, value: binary, timestampMs: 1_500_000_000_000 },
      ];
      const deliveries = await ckProduce(b, sent);
      assert.deepEqual(deliveries, sent.map((_, i) => ({ partition: 0, offset: i, error: null })));

      const got = await ckConsume(b, [{ topic, partition: 0, offset: 0 }]);
      assert.deepEqual(got.errors, []);
      assert.deepEqual(got.messages.slice(0, 4).map(asText), [
        {
          partition: 0,
          offset: 0,
          key: "k1",
          value: "v1",
          headers: [["h1", "a"], ["h-null", null], ["h-empty", ""], ["h1", "again"]],
        },
        { partition: 0, offset: 1, key: null, value: "no key", headers: [] },
        { partition: 0, offset: 2, key: "k3", value: null, headers: [] },
        { partition: 0, offset: 3, key: "k4", value: "", headers: [] },
      ]);
      assert.equal(got.messages[4].key, b64(binary));
      assert.equal(got.messages[4].value, b64(binary));
      // confluent-kafka timestamp type 1 = CreateTime: the producer's own timestamps come back.
      assert.deepEqual(
        got.messages.map((m) => [m.timestampType, m.timestampMs]),
        sent.map((m) => [1, m.timestampMs]),
      );
    }),
});

Deno.test({
  name: "confluent-kafka: a 1 MiB value round-trips byte for byte",
  ignore: CONFLUENT === null,
  fn: () =>
    withBroker({}, async (b) => {
      const topic = uniqueTopic("ck-big");
      b.broker.createTopic(topic, 1, {});
      const value = Uint8Array.from({ length: 1024 * 1024 }, (_, i) => (i * 13 + (i >> 12)) % 256);
      const deliveries = await ckProduce(b, [{ topic, partition: 0, key: "big", value }], {
        "message.max.bytes": 4 * 1024 * 1024,
      });
      assert.deepEqual(deliveries, [{ partition: 0, offset: 0, error: null }]);
      const got = await ckConsume(b, [{ topic, partition: 0, offset: 0 }], { config: BIG_FETCH });
      assert.deepEqual(got.errors, []);
      assert.equal(got.messages.length, 1);
      assert.equal(got.messages[0].value, b64(value));
    }),
});

Deno.test({
  name: "confluent-kafka: 10,000 messages over 3 partitions land and come back in order",
  ignore: CONFLUENT === null,
  fn: () =>
    withBroker({}, async (b) => {
      const topic = uniqueTopic("ck-order");
      b.broker.createTopic(topic, 3, {});
      const total = 10_000;
      const sent: OutMessage[] = Array.from({ length: total }, (_, i) => ({
        topic,
        partition: i % 3,
        key: `k-${i}`,
        value: `m-${i}`,
      }));
      const deliveries = await ckProduce(b, sent, { "linger.ms": 20 });
      // Message i went to partition i % 3, so it must sit at offset floor(i / 3).
      assert.deepEqual(
        deliveries,
        sent.map((_, i) => ({ partition: i % 3, offset: Math.floor(i / 3), error: null })),
      );
      assert.deepEqual(
        b.broker.store.topic(topic)!.partitions.map((p) => p.nextOffset),
        [3334, 3333, 3333],
      );

      const got = await ckConsume(
        b,
        [0, 1, 2].map((partition) => ({ topic, partition, offset: 0 })),
      );
      assert.deepEqual(got.errors, []);
      for (const partition of [0, 1, 2]) {
        const mine = got.messages.filter((m) => m.partition === partition).map(asText);
        const expected = sent.filter((m) => m.partition === partition);
        assert.deepEqual(mine.map((m) => m.offset), expected.map((_, i) => i));
        assert.deepEqual(mine.map((m) => m.value), expected.map((m) => m.value));
        assert.deepEqual(mine.map((m) => m.key), expected.map((m) => m.key));
      }
    }),
});

for (const codec of ["gzip", "snappy", "lz4", "zstd"] as const) {
  Deno.test({
    name: `confluent-kafka: compression.type=${codec} is stored compressed and consumed exactly`,
    ignore: CONFLUENT === null,
    fn: () =>
      withBroker({}, async (b) => {
        const topic = uniqueTopic(`ck-${codec}`);
        b.broker.createTopic(topic, 1, {});
        const texts = Array.from({ length: 200 }, (_, i) => `${codec} ${i} ${"xyz".repeat(20)}`);
        const deliveries = await ckProduce(b, values(topic, 0, texts), {
          "compression.type": codec,
          "linger.ms": 50,
        });
        assert.deepEqual(deliveries.map((d) => d.error), texts.map(() => null));
        const got = await ckConsume(b, [{ topic, partition: 0, offset: 0 }]);
        assert.deepEqual(got.errors, []);
        assert.deepEqual(got.messages.map((m) => asText(m).value), texts);
        assert.deepEqual(got.messages.map((m) => m.offset), texts.map((_, i) => i));

        // librdkafka 2.0.2 compresses gzip, snappy and lz4 only when the broker's Produce range
        // includes v0 (lz4 also needs FindCoordinator v0); otherwise it sends the batch plain
        // (confluentinc/librdkafka#4956).
        for (const batch of storedBatches(b, topic, 0)) {
          assert.equal(
            readBatchHeader(batch).attributes & COMPRESSION_MASK,
            Codec[codec],
            `compression.type=${codec} stored a batch with another codec`,
          );
        }
      }),
  });
}

Deno.test({
  name: "confluent-kafka: offsets_for_times finds the first record at or after a time",
  ignore: CONFLUENT === null,
  fn: () =>
    withBroker({}, async (b) => {
      const topic = uniqueTopic("ck-times");
      b.broker.createTopic(topic, 1, {});
      const baseMs = 1_700_000_000_000;
      const sent = [1000, 2000, 3000, 4000].map((deltaMs, i) => ({
        topic,
        partition: 0,
        key: null,
        value: `t${i}`,
        timestampMs: baseMs + deltaMs,
      }));
      await ckProduce(b, sent, { "linger.ms": 100 });
      assert.equal(b.broker.store.partition(topic, 0)?.batchCount, 1, "one batch of 4 records");

      const r = await ckOffsets(b, [{ topic, partition: 0 }], [
        { topic, partition: 0, timestampMs: baseMs },
        { topic, partition: 0, timestampMs: baseMs + 1000 },
        // Kafka answers per record, not per batch: the record at offset 2 is the first >= this.
        { topic, partition: 0, timestampMs: baseMs + 2500 },
        { topic, partition: 0, timestampMs: baseMs + 4000 },
        { topic, partition: 0, timestampMs: baseMs + 4001 },
      ]);
      assert.deepEqual(r.watermarks, [[0, 4]]);
      // librdkafka reports "no such offset" as -1 (OFFSET_END).
      assert.deepEqual(r.times.map((t) => [t.offset, t.error]), [
        [0, null],
        [0, null],
        [2, null],
        [3, null],
        [-1, null],
      ]);
    }),
});

Deno.test({
  name: "confluent-kafka: seek moves the consumer to an exact offset",
  ignore: CONFLUENT === null,
  fn: () =>
    withBroker({}, async (b) => {
      const topic = uniqueTopic("ck-seek");
      b.broker.createTopic(topic, 1, {});
      const texts = Array.from({ length: 10 }, (_, i) => `s-${i}`);
      await ckProduce(b, values(topic, 0, texts));
      const got = await ckConsume(b, [{ topic, partition: 0, offset: 0 }], {
        seek: { afterMessages: 3, to: [{ topic, partition: 0, offset: 7 }] },
      });
      assert.deepEqual(got.errors, []);
      assert.deepEqual(
        got.messages.map((m) => [m.offset, asText(m).value]),
        [0, 1, 2, 7, 8, 9].map((o) => [o, `s-${o}`]),
      );
    }),
});

Deno.test({
  name: "confluent-kafka: a long-polling consumer gets a new message within 500 ms",
  ignore: CONFLUENT === null,
  fn: () =>
    withBroker({}, async (b) => {
      const topic = uniqueTopic("ck-longpoll");
      b.broker.createTopic(topic, 1, {});
      const fetchWaits: number[] = [];
      observeRequests(b, (api, req) => {
        if (api === "Fetch") fetchWaits.push(req.maxWaitMs);
      });
      const r = await runPython<{
        latencyMs: number | null;
        offset: number | null;
        value: string | null;
        messagesBeforeProduce: number;
      }>(CONFLUENT!, "ck_long_poll.py", {
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
    }),
});

Deno.test({
  name: "confluent-kafka: producing to an unknown topic auto-creates kafka_cfg_num_partitions",
  ignore: CONFLUENT === null,
  fn: () =>
    withBroker({ autoCreateTopics: true, defaultPartitions: 3 }, async (b) => {
      const topic = uniqueTopic("ck-auto");
      const deliveries = await ckProduce(b, [{ topic, partition: 1, key: "a", value: "b" }]);
      assert.deepEqual(deliveries, [{ partition: 1, offset: 0, error: null }]);
      const created = b.broker.store.topic(topic);
      assert(created, "topic was auto-created");
      assert.deepEqual(created.partitions.map((p) => p.nextOffset), [0, 1, 0]);
    }),
});

Deno.test({
  name: "confluent-kafka: with auto-create off, producing to an unknown topic fails",
  ignore: CONFLUENT === null,
  fn: () =>
    withBroker({ autoCreateTopics: false }, async (b) => {
      const topic = uniqueTopic("ck-noauto");
      const deliveries = await ckProduce(b, [{ topic, key: "a", value: "lost" }], {
        // librdkafka fails messages for a topic the broker reports unknown after this long.
        "topic.metadata.propagation.max.ms": 1000,
        "message.timeout.ms": 10_000,
      });
      assert.deepEqual(deliveries.map((d) => d.error), ["UNKNOWN_TOPIC_OR_PART"]);
      assert.equal(b.broker.store.topic(topic), undefined);
    }),
});

Deno.test({
  name: "confluent-kafka: the idempotent producer lands 1,000 messages exactly once",
  ignore: CONFLUENT === null,
  fn: () =>
    withBroker({}, async (b) => {
      const topic = uniqueTopic("ck-idem");
      b.broker.createTopic(topic, 3, {});
      const total = 1000;
      const sent: OutMessage[] = Array.from({ length: total }, (_, i) => ({
        topic,
        partition: i % 3,
        key: null,
        value: `idem-${i}`,
      }));
      const deliveries = await ckProduce(b, sent, {
        "enable.idempotence": true,
        "linger.ms": 5,
        "batch.num.messages": 50,
      });
      assert.deepEqual(
        deliveries,
        sent.map((_, i) => ({ partition: i % 3, offset: Math.floor(i / 3), error: null })),
      );
      const batches = [0, 1, 2].flatMap((p) => storedBatches(b, topic, p));
      assert(batches.length > 3, `${batches.length} batches`);
      for (const batch of batches) {
        const h = readBatchHeader(batch);
        assert(h.producerId >= 0, "batches carry the producer id");
        assert(h.baseSequence >= 0, "batches carry sequence numbers");
      }
      const got = await ckConsume(
        b,
        [0, 1, 2].map((partition) => ({ topic, partition, offset: 0 })),
      );
      assert.deepEqual(got.errors, []);
      const seen = got.messages.map((m) => asText(m).value).sort();
      assert.deepEqual(seen, sent.map((m) => m.value as string).sort());
    }),
});

Deno.test({
  name: "confluent-kafka: with purge_on_fetch the log start moves past what was fetched",
  ignore: CONFLUENT === null,
  fn: () =>
    withBroker({ purgeOnFetch: true }, async (b) => {
      const topic = uniqueTopic("ck-purge");
      b.broker.createTopic(topic, 1, {});
      const texts = ["p0", "p1", "p2", "p3", "p4"];
      await ckProduce(b, values(topic, 0, texts));
      const log = b.broker.store.partition(topic, 0)!;
      assert.equal(log.logStartOffset, 0);
      assert.equal(log.nextOffset, 5);
      const got = await ckConsume(b, [{ topic, partition: 0, offset: 0 }]);
      assert.deepEqual(got.errors, []);
      assert.deepEqual(got.messages.map((m) => asText(m).value), texts);
      assert.equal(log.logStartOffset, 5);
      assert.equal(log.batchCount, 0);
    }),
});

// ------------------------------------------------------------ DeleteRecords (kafka-python v0)

Deno.test({
  name: "DeleteRecords (kafka-python) moves the log start; consuming below it is out of range",
  ignore: CONFLUENT === null || KAFKA_PYTHON === null,
  fn: () =>
    withBroker({}, async (b) => {
      const topic = uniqueTopic("py-delrec");
      b.broker.createTopic(topic, 1, {});
      // Two produce runs, two batches: offsets 0-5 and 6-9.
      await ckProduce(b, values(topic, 0, ["d0", "d1", "d2", "d3", "d4", "d5"]));
      await ckProduce(b, values(topic, 0, ["d6", "d7", "d8", "d9"]));
      const deleted = await kpAdmin(b, [{ op: "delete_records", topic, partition: 0, offset: 6 }]);
      assert.deepEqual(deleted.results, [{ errorCode: 0, lowWatermark: 6 }]);
      const log = b.broker.store.partition(topic, 0)!;
      assert.equal(log.logStartOffset, 6);
      assert.equal(log.batchCount, 1);

      const marks = await ckOffsets(b, [{ topic, partition: 0 }], []);
      assert.deepEqual(marks.watermarks, [[6, 10]]);

      const below = await ckConsume(b, [{ topic, partition: 0, offset: 2 }], {
        config: { "auto.offset.reset": "error" },
      });
      assert.deepEqual(below.messages, []);
      assert.equal(below.errors.length, 1);
      assert.equal(below.errors[0].name, "_AUTO_OFFSET_RESET");
      assert.match(below.errors[0].text, /Offset out of range/);

      const kpBelow = await kpConsume(b, [{ topic, partition: 0, offset: 2 }], {
        config: { auto_offset_reset: "none" },
      });
      assert.deepEqual(kpBelow.messages, []);
      assert.deepEqual(kpBelow.errors.map((e) => e.name), ["OffsetOutOfRangeError"]);

      const fromStart = await ckConsume(b, [{ topic, partition: 0, offset: 6 }]);
      assert.deepEqual(fromStart.errors, []);
      assert.deepEqual(
        fromStart.messages.map((m) => [m.offset, asText(m).value]),
        [[6, "d6"], [7, "d7"], [8, "d8"], [9, "d9"]],
      );
    }),
});

// ------------------------------------------------------------------------ kafka-python 2.0.2

Deno.test({
  name: "kafka-python: admin, produce, consume and list offsets over its old API versions",
  ignore: KAFKA_PYTHON === null,
  fn: () =>
    withBroker({}, async (b) => {
      const served = new Map<string, Set<number>>();
      observeRequests(b, (api, _req, ctx) => {
        if (!served.has(api)) served.set(api, new Set());
        served.get(api)!.add(ctx.apiVersion);
      });
      const topic = uniqueTopic("kp-all");
      const admin = await kpAdmin(b, [
        {
          op: "create_topics",
          topics: [{ name: topic, partitions: 2, config: { "retention.ms": "120000" } }],
        },
        { op: "create_topics", topics: [{ name: topic, partitions: 2 }] },
        { op: "create_partitions", topic, total: 3 },
        { op: "describe_configs", topic },
      ]);
      assert.deepEqual(admin.results.slice(0, 3), [
        { errorCodes: { [topic]: 0 } },
        { error: "TopicAlreadyExistsError" },
        { errorCodes: { [topic]: 0 } },
      ]);
      assert.equal(admin.results[3].errorCode, 0);
      assert.equal(admin.results[3].configs["retention.ms"], "120000");
      assert.equal(b.broker.store.topic(topic)?.partitions.length, 3);
      assert.deepEqual(b.broker.store.topic(topic)?.configs, { "retention.ms": "120000" });

      const baseMs = 1_650_000_000_000;
      const sent: OutMessage[] = [
        {
          topic,
          partition: 0,
          key: "k0",
          value: "v0",
          headers: [["h", "x"], ["empty", ""]],
          timestampMs: baseMs,
        },
        { topic, partition: 0, key: null, value: "v1", timestampMs: baseMs + 10 },
        { topic, partition: 0, key: "k2", value: null, timestampMs: baseMs + 20 },
        { topic, partition: 2, key: "k3", value: "", timestampMs: baseMs + 30 },
      ];
      const deliveries = await kpProduce(b, sent);
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

      const got = await kpConsume(b, [
        { topic, partition: 0, offset: 0 },
        { topic, partition: 2, offset: 0 },
      ]);
      assert.deepEqual(got.errors, []);
      const byPosition = [...got.messages].sort((x, y) =>
        x.partition - y.partition || x.offset - y.offset
      );
      assert.deepEqual(byPosition.map(asText), [
        { partition: 0, offset: 0, key: "k0", value: "v0", headers: [["h", "x"], ["empty", ""]] },
        { partition: 0, offset: 1, key: null, value: "v1", headers: [] },
        { partition: 0, offset: 2, key: "k2", value: null, headers: [] },
        { partition: 2, offset: 0, key: "k3", value: "", headers: [] },
      ]);
      // kafka-python timestamp type 0 = CreateTime.
      assert.deepEqual(
        byPosition.map((m) => [m.timestampType, m.timestampMs]),
        sent.map((m) => [0, m.timestampMs]),
      );

      const offsets = await kpOffsets(b, [{ topic, partition: 0 }, { topic, partition: 2 }], [
        { topic, partition: 2, timestampMs: baseMs + 30 },
        { topic, partition: 2, timestampMs: baseMs + 31 },
      ]);
      assert.deepEqual(offsets.beginning, [0, 0]);
      assert.deepEqual(offsets.end, [3, 1]);
      assert.deepEqual(offsets.times, [{ offset: 0, timestampMs: baseMs + 30 }, null]);

      const dropped = await kpAdmin(b, [{ op: "delete_topics", topics: [topic] }]);
      assert.deepEqual(dropped.results, [{ errorCodes: { [topic]: 0 } }]);
      assert.equal(b.broker.store.topic(topic), undefined);

      // kafka-python 2.0.2 always sends Metadata v1 and offsets_for_times sends ListOffsets v1.
      assert(served.get("Metadata")?.has(1), `Metadata versions ${[...served.get("Metadata")!]}`);
      assert(served.get("ListOffsets")?.has(1), `ListOffsets ${[...served.get("ListOffsets")!]}`);
    }),
});

Deno.test({
  name: "kafka-python: offsets_for_times answers per record inside a batch",
  ignore: KAFKA_PYTHON === null,
  fn: () =>
    withBroker({}, async (b) => {
      const topic = uniqueTopic("kp-times");
      b.broker.createTopic(topic, 1, {});
      const baseMs = 1_700_000_000_000;
      const sent = [1000, 2000, 3000, 4000].map((deltaMs, i) => ({
        topic,
        partition: 0,
        key: null,
        value: `t${i}`,
        timestampMs: baseMs + deltaMs,
      }));
      await kpProduce(b, sent, { linger_ms: 100 });
      assert.equal(b.broker.store.partition(topic, 0)?.batchCount, 1, "one batch of 4 records");
      const r = await kpOffsets(b, [{ topic, partition: 0 }], [
        { topic, partition: 0, timestampMs: baseMs + 2500 },
        { topic, partition: 0, timestampMs: baseMs + 4000 },
      ]);
      // Kafka: the earliest offset whose timestamp >= the asked time, with that record's time.
      assert.deepEqual(r.times, [
        { offset: 2, timestampMs: baseMs + 3000 },
        { offset: 3, timestampMs: baseMs + 4000 },
      ]);
    }),
});

Deno.test({
  name: "kafka-python: seek moves the consumer to an exact offset",
  ignore: KAFKA_PYTHON === null,
  fn: () =>
    withBroker({}, async (b) => {
      const topic = uniqueTopic("kp-seek");
      b.broker.createTopic(topic, 1, {});
      const texts = Array.from({ length: 10 }, (_, i) => `s-${i}`);
      await kpProduce(b, values(topic, 0, texts));
      const got = await kpConsume(b, [{ topic, partition: 0, offset: 0 }], {
        seek: { afterMessages: 3, to: [{ topic, partition: 0, offset: 7 }] },
      });
      assert.deepEqual(got.errors, []);
      assert.deepEqual(
        got.messages.map((m) => [m.offset, asText(m).value]),
        [0, 1, 2, 7, 8, 9].map((o) => [o, `s-${o}`]),
      );
    }),
});

Deno.test({
  name: "kafka-python: gzip batches are stored compressed and consumed exactly",
  ignore: KAFKA_PYTHON === null,
  fn: () =>
    withBroker({}, async (b) => {
      const topic = uniqueTopic("kp-gzip");
      b.broker.createTopic(topic, 1, {});
      const texts = Array.from({ length: 100 }, (_, i) => `gzip ${i} ${"abc".repeat(30)}`);
      const deliveries = await kpProduce(b, values(topic, 0, texts), {
        compression_type: "gzip",
        linger_ms: 50,
      });
      assert.deepEqual(deliveries.map((d) => d.offset), texts.map((_, i) => i));
      const batches = storedBatches(b, topic, 0);
      for (const batch of batches) {
        assert.equal(readBatchHeader(batch).attributes & COMPRESSION_MASK, Codec.gzip);
      }
      const got = await kpConsume(b, [{ topic, partition: 0, offset: 0 }]);
      assert.deepEqual(got.errors, []);
      assert.deepEqual(got.messages.map((m) => asText(m).value), texts);
    }),
});
