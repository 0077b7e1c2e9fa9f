/**
 * kafkajs 2.2.4 against the broker: admin operations and producers.
 *
 * kafkajs has no consumer without a consumer group, and the group APIs are not served yet, so
 * there are no kafkajs consume tests here: what kafkajs produced is read back from the broker's
 * storage (b.broker.store) and decoded with broker/records/record_codec.ts.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { CompressionTypes, ConfigResourceTypes, type Kafka, type Producer } from "kafkajs";
import { type TestBroker, uniqueTopic, withBroker } from "./helpers/broker.ts";
import { kafkaFor, recordApiVersions, storedBatches, storedRecords } from "./helpers/kafkajs.ts";
import { waitUntil } from "./helpers/wait_until.ts";
import { Codec, COMPRESSION_MASK } from "../broker/records/batch_header.ts";

const utf8 = new TextEncoder();
const text = (bytes: Uint8Array | null) => bytes === null ? null : new TextDecoder().decode(bytes);
/** A fixed, ascending producer timestamp base (2023-11-14T22:13:20Z). */
const BASE_TIMESTAMP_MS = 1_700_000_000_000;
/** First id InitProducerId hands out on a fresh broker (broker/producer_state.ts). */
const FIRST_PRODUCER_ID = 1000;

/** Runs `fn` with a connected kafkajs admin on a fresh broker; disconnects afterwards. */
async function withAdmin(
  overrides: Parameters<typeof withBroker>[0],
  fn: (ctx: { b: TestBroker; kafka: Kafka; admin: ReturnType<Kafka["admin"]> }) => Promise<void>,
): Promise<void> {
  await withBroker(overrides, async (b) => {
    const kafka = kafkaFor(b);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await fn({ b, kafka, admin });
    } finally {
      await admin.disconnect();
    }
  });
}

/** Runs `fn` with a connected kafkajs producer; disconnects afterwards. */
async function withProducer(
  kafka: Kafka,
  config: Parameters<Kafka["producer"]>[0],
  fn: (producer: Producer) => Promise<void>,
): Promise<void> {
  const producer = kafka.producer(config);
  await producer.connect();
  try {
    await fn(producer);
  } finally {
    await producer.disconnect();
  }
}

/** Sends `count` messages "value-i" to partition 0 and returns the acknowledged base offset. */
async function sendValues(producer: Producer, topic: string, from: number, count: number) {
  const [result] = await producer.send({
    topic,
    messages: Array.from({ length: count }, (_, i) => ({
      partition: 0,
      value: `value-${from + i}`,
    })),
  });
  return result;
}

Deno.test("kafkajs admin: createTopics with partitions and configEntries, then metadata", async () => {
  await withAdmin({}, async ({ b, admin }) => {
    const topic = uniqueTopic("kjs-create");
    const created = await admin.createTopics({
      topics: [{
        topic,
        numPartitions: 3,
        configEntries: [
          { name: "retention.ms", value: "86400000" },
          { name: "cleanup.policy", value: "compact" },
        ],
      }],
    });
    assert.equal(created, true);

    const stored = b.broker.store.topic(topic);
    assert.ok(stored);
    assert.equal(stored.partitions.length, 3);
    assert.deepEqual(stored.configs, { "retention.ms": "86400000", "cleanup.policy": "compact" });

    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    assert.deepEqual(metadata.topics, [{
      name: topic,
      partitions: [0, 1, 2].map((partitionId) => ({
        partitionErrorCode: 0,
        partitionId,
        leader: 0,
        replicas: [0],
        isr: [0],
        offlineReplicas: [],
      })),
    }]);
  });
});

Deno.test("kafkajs admin: createTopics without numPartitions uses kafka_cfg_num_partitions", async () => {
  await withAdmin({ defaultPartitions: 4 }, async ({ b, admin }) => {
    const topic = uniqueTopic("kjs-default-parts");
    assert.equal(await admin.createTopics({ topics: [{ topic }] }), true);
    assert.equal(b.broker.store.topic(topic)?.partitions.length, 4);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    assert.deepEqual(metadata.topics[0].partitions.map((p) => p.partitionId), [0, 1, 2, 3]);
  });
});

Deno.test("kafkajs admin: createTopics validateOnly checks without creating", async () => {
  await withAdmin({}, async ({ b, admin }) => {
    const topic = uniqueTopic("kjs-validate");
    // waitForLeaders would ask Metadata for the topic, which auto-creates it (as Kafka does).
    const valid = await admin.createTopics({
      validateOnly: true,
      waitForLeaders: false,
      topics: [{
        topic,
        numPartitions: 2,
        configEntries: [{ name: "retention.ms", value: "1000" }],
      }],
    });
    assert.equal(valid, true);
    assert.equal(b.broker.store.topic(topic), undefined);
    assert.deepEqual(await admin.listTopics(), []);

    const invalid = await admin.createTopics({
      validateOnly: true,
      waitForLeaders: false,
      topics: [{ topic, configEntries: [{ name: "retention.ms", value: "soon" }] }],
    }).then(() => null, (e) => e);
    assert.equal(invalid?.name, "KafkaJSAggregateError");
    assert.deepEqual(invalid.errors.map((e: { type: string }) => e.type), ["INVALID_CONFIG"]);
    assert.equal(b.broker.store.topic(topic), undefined);
  });
});

Deno.test("kafkajs admin: createTopics errors TOPIC_ALREADY_EXISTS and INVALID_PARTITIONS", async () => {
  await withAdmin({}, async ({ b, admin }) => {
    const topic = uniqueTopic("kjs-exists");
    assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] }), true);
    // kafkajs resolves false exactly when every topic failed with TOPIC_ALREADY_EXISTS.
    assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 5 }] }), false);
    assert.equal(b.broker.store.topic(topic)?.partitions.length, 2);

    const badTopic = uniqueTopic("kjs-zero-parts");
    const err = await admin.createTopics({ topics: [{ topic: badTopic, numPartitions: 0 }] })
      .then(() => null, (e) => e);
    assert.equal(err?.name, "KafkaJSAggregateError");
    assert.deepEqual(
      err.errors.map((e: { type: string; topic: string }) => [e.type, e.topic]),
      [["INVALID_PARTITIONS", badTopic]],
    );
    assert.equal(b.broker.store.topic(badTopic), undefined);
  });
});

Deno.test("kafkajs admin: listTopics and deleteTopics", async () => {
  await withAdmin({}, async ({ b, admin }) => {
    const names = ["kjs-list-a", "kjs-list-b", "kjs-list-c"].map((p) => uniqueTopic(p));
    await admin.createTopics({ topics: names.map((topic) => ({ topic, numPartitions: 1 })) });
    assert.deepEqual((await admin.listTopics()).sort(), [...names].sort());

    await admin.deleteTopics({ topics: [names[1]], timeout: 2_000 });
    assert.deepEqual((await admin.listTopics()).sort(), [names[0], names[2]].sort());
    assert.equal(b.broker.store.topic(names[1]), undefined);

    const err = await admin.deleteTopics({ topics: [names[1]], timeout: 2_000 })
      .then(() => null, (e) => e);
    assert.equal(err?.cause?.type, "UNKNOWN_TOPIC_OR_PARTITION");
  });
});

Deno.test("kafkajs admin: createPartitions grows a topic; validateOnly and shrinking do not", async () => {
  await withAdmin({}, async ({ b, admin }) => {
    const topic = uniqueTopic("kjs-parts");
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });

    await admin.createPartitions({ validateOnly: true, topicPartitions: [{ topic, count: 9 }] });
    assert.equal(b.broker.store.topic(topic)?.partitions.length, 2);

    await admin.createPartitions({ topicPartitions: [{ topic, count: 5 }] });
    assert.equal(b.broker.store.topic(topic)?.partitions.length, 5);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    assert.deepEqual(metadata.topics[0].partitions.map((p) => p.partitionId), [0, 1, 2, 3, 4]);

    const err = await admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] })
      .then(() => null, (e) => e);
    assert.equal(err?.type, "INVALID_PARTITIONS");
    assert.equal(b.broker.store.topic(topic)?.partitions.length, 5);
  });
});

Deno.test("kafkajs admin: describeConfigs for a topic shows its own and default values", async () => {
  await withAdmin({ retentionMs: 7_200_000 }, async ({ admin }) => {
    const topic = uniqueTopic("kjs-describe");
    await admin.createTopics({
      topics: [{ topic, configEntries: [{ name: "retention.ms", value: "123456" }] }],
    });
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
    });
    assert.equal(described.resources.length, 1);
    const [resource] = described.resources;
    assert.equal(resource.errorCode, 0);
    assert.equal(resource.resourceName, topic);
    const byName = new Map(resource.configEntries.map((c) => [c.configName, c]));
    assert.deepEqual(
      [...byName.keys()].sort(),
      [
        "cleanup.policy",
        "compression.type",
        "delete.retention.ms",
        "max.message.bytes",
        "message.timestamp.type",
        "min.cleanable.dirty.ratio",
        "min.insync.replicas",
        "retention.bytes",
        "retention.ms",
        "segment.bytes",
      ],
    );
    assert.equal(byName.get("retention.ms")?.configValue, "123456");
    assert.equal(byName.get("retention.ms")?.isDefault, false);
    assert.equal(byName.get("retention.bytes")?.configValue, "-1");
    assert.equal(byName.get("retention.bytes")?.isDefault, true);
    assert.equal(byName.get("cleanup.policy")?.configValue, "delete");

    // A topic without its own retention.ms shows the broker's `retention` setting.
    const plain = uniqueTopic("kjs-describe-plain");
    await admin.createTopics({ topics: [{ topic: plain }] });
    const plainDescribed = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: plain, configNames: ["retention.ms"] }],
    });
    assert.deepEqual(
      plainDescribed.resources[0].configEntries.map((c) => [c.configName, c.configValue]),
      [["retention.ms", "7200000"]],
    );
  });
});

/** The broker resource's entries for `configNames` as [name, value], sorted by name. */
async function brokerConfigValues(admin: ReturnType<Kafka["admin"]>, configNames: string[]) {
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.BROKER, name: "0", configNames }],
  });
  assert.equal(described.resources.length, 1);
  assert.equal(described.resources[0].errorCode, 0);
  return described.resources[0].configEntries.map((c) => [c.configName, c.configValue]).sort();
}

Deno.test("kafkajs admin: describeConfigs for the broker shows the settings in force", async () => {
  const overrides = { defaultPartitions: 3, retentionMs: 600_000, autoCreateTopics: false };
  await withAdmin(overrides, async ({ admin }) => {
    assert.deepEqual(
      await brokerConfigValues(admin, [
        "num.partitions",
        "log.retention.ms",
        "auto.create.topics.enable",
      ]),
      [
        ["auto.create.topics.enable", "false"],
        ["log.retention.ms", "600000"],
        ["num.partitions", "3"],
      ],
    );
  });
});

Deno.test("kafkajs admin: describeConfigs advertised.listeners matches what Metadata advertises", async () => {
  // broker/broker_configs.ts documents the entry as "kafka_hostname with the port the client
  // connected to"; with broker_ports [0] (a free port) that is the bound port, not 0.
  await withAdmin({}, async ({ b, admin }) => {
    assert.deepEqual(await brokerConfigValues(admin, ["advertised.listeners"]), [
      ["advertised.listeners", `PLAINTEXT://localhost:${b.port}`],
    ]);
  });
});

Deno.test("kafkajs admin: fetchTopicOffsets and deleteTopicRecords", async () => {
  await withAdmin({}, async ({ b, kafka, admin }) => {
    const topic = uniqueTopic("kjs-offsets");
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    await withProducer(kafka, {}, async (producer) => {
      await sendValues(producer, topic, 0, 4);
      await sendValues(producer, topic, 4, 6);
    });
    assert.deepEqual(await admin.fetchTopicOffsets(topic), [
      { partition: 0, offset: "10", high: "10", low: "0" },
      { partition: 1, offset: "0", high: "0", low: "0" },
    ]);

    // Offset 6 falls inside the second batch (offsets 4..9): the low watermark is exactly 6.
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: "6" }] });
    assert.deepEqual(await admin.fetchTopicOffsets(topic), [
      { partition: 0, offset: "10", high: "10", low: "6" },
      { partition: 1, offset: "0", high: "0", low: "0" },
    ]);
    const log = b.broker.store.partition(topic, 0)!;
    assert.equal(log.logStartOffset, 6);
    assert.equal(log.batchCount, 1);
    assert.deepEqual(
      storedRecords(b, topic, 0).map((r) => [r.offset, text(r.value)]),
      [[6, "value-6"], [7, "value-7"], [8, "value-8"], [9, "value-9"]],
    );

    // -1 deletes up to the high watermark.
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: "-1" }] });
    assert.deepEqual((await admin.fetchTopicOffsets(topic))[0], {
      partition: 0,
      offset: "10",
      high: "10",
      low: "10",
    });
    assert.equal(log.batchCount, 0);

    // Past the high watermark: the broker answers OFFSET_OUT_OF_RANGE and nothing moves.
    const err = await admin.deleteTopicRecords({
      topic,
      partitions: [{ partition: 1, offset: "5" }],
    }).then(() => null, (e) => e);
    // kafkajs's retrier may wrap the error in KafkaJSNonRetriableError with it as the cause.
    const recordsErr = err?.name === "KafkaJSNonRetriableError" ? err.cause : err;
    assert.equal(recordsErr?.name, "KafkaJSDeleteTopicRecordsError");
    assert.deepEqual(
      recordsErr.partitions.map((
        p: { partition: number; offset: string; error: { type: string } },
      ) => [
        p.partition,
        p.offset,
        p.error.type,
      ]),
      [[1, "5", "OFFSET_OUT_OF_RANGE"]],
    );
    assert.equal(b.broker.store.partition(topic, 1)!.logStartOffset, 0);
  });
});

/** Three batches on partition 0: offsets 0,1 at +0/+100 ms, 2,3 at +1000/+1100, 4 at +2000. */
async function produceTimedBatches(kafka: Kafka, topic: string): Promise<void> {
  await withProducer(kafka, {}, async (producer) => {
    for (const deltasMs of [[0, 100], [1000, 1100], [2000]]) {
      await producer.send({
        topic,
        messages: deltasMs.map((deltaMs) => ({
          partition: 0,
          value: `at+${deltaMs}`,
          timestamp: String(BASE_TIMESTAMP_MS + deltaMs),
        })),
      });
    }
  });
}

Deno.test("kafkajs admin: fetchTopicOffsetsByTimestamp at batch boundaries", async () => {
  await withAdmin({}, async ({ kafka, admin }) => {
    const topic = uniqueTopic("kjs-by-time");
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await produceTimedBatches(kafka, topic);
    const at = async (deltaMs: number) =>
      await admin.fetchTopicOffsetsByTimestamp(topic, BASE_TIMESTAMP_MS + deltaMs);
    assert.deepEqual(await at(-5000), [{ partition: 0, offset: "0" }]);
    assert.deepEqual(await at(0), [{ partition: 0, offset: "0" }]);
    assert.deepEqual(await at(1000), [{ partition: 0, offset: "2" }]);
    assert.deepEqual(await at(2000), [{ partition: 0, offset: "4" }]);
    // No record that late: the broker answers -1 and kafkajs substitutes the high watermark.
    assert.deepEqual(await at(5000), [{ partition: 0, offset: "5" }]);
  });
});

Deno.test("kafkajs admin: fetchTopicOffsetsByTimestamp inside a batch finds the record", async () => {
  // Kafka answers the first RECORD with timestamp >= the target, not its batch's base offset
  // (FileRecords.searchForTimestamp iterates the records of the first batch whose
  // maxTimestamp >= target).
  await withAdmin({}, async ({ kafka, admin }) => {
    const topic = uniqueTopic("kjs-by-time-inner");
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await produceTimedBatches(kafka, topic);
    const at = async (deltaMs: number) =>
      await admin.fetchTopicOffsetsByTimestamp(topic, BASE_TIMESTAMP_MS + deltaMs);
    assert.deepEqual(await at(50), [{ partition: 0, offset: "1" }]);
    assert.deepEqual(await at(1100), [{ partition: 0, offset: "3" }]);
  });
});

Deno.test("kafkajs producer: keys, values, headers, nulls, empty value, timestamps", async () => {
  await withAdmin({}, async ({ b, kafka, admin }) => {
    const topic = uniqueTopic("kjs-records");
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const binary = Buffer.from([0x00, 0xff, 0x01, 0x80, 0x7f, 0x00]);
    await withProducer(kafka, {}, async (producer) => {
      const result = await producer.send({
        topic,
        messages: [
          {
            partition: 0,
            key: "key-1",
            value: "value-1",
            timestamp: String(BASE_TIMESTAMP_MS),
            headers: { "content-type": "text/plain", trace: binary, multi: ["one", "two"] },
          },
          { partition: 0, key: null, value: "no key", timestamp: String(BASE_TIMESTAMP_MS + 1) },
          { partition: 0, key: "tombstone", value: null, timestamp: String(BASE_TIMESTAMP_MS + 2) },
          {
            partition: 0,
            key: Buffer.from([0xde, 0xad]),
            value: Buffer.alloc(0),
            timestamp: String(BASE_TIMESTAMP_MS + 3),
            headers: { "": "empty key", "empty-value": "" },
          },
        ],
      });
      assert.deepEqual(
        result.map((r) => [r.topicName, r.partition, r.errorCode, r.baseOffset]),
        [[topic, 0, 0, "0"]],
      );
    });

    const records = storedRecords(b, topic, 0);
    assert.deepEqual(records, [
      {
        offset: 0,
        timestampMs: BASE_TIMESTAMP_MS,
        key: utf8.encode("key-1"),
        value: utf8.encode("value-1"),
        headers: [
          { key: "content-type", value: utf8.encode("text/plain") },
          { key: "trace", value: new Uint8Array(binary) },
          { key: "multi", value: utf8.encode("one") },
          { key: "multi", value: utf8.encode("two") },
        ],
      },
      {
        offset: 1,
        timestampMs: BASE_TIMESTAMP_MS + 1,
        key: null,
        value: utf8.encode("no key"),
        headers: [],
      },
      {
        offset: 2,
        timestampMs: BASE_TIMESTAMP_MS + 2,
        key: utf8.encode("tombstone"),
        value: null,
        headers: [],
      },
      {
        offset: 3,
        timestampMs: BASE_TIMESTAMP_MS + 3,
        key: new Uint8Array([0xde, 0xad]),
        value: new Uint8Array(0),
        headers: [
          { key: "", value: utf8.encode("empty key") },
          { key: "empty-value", value: new Uint8Array(0) },
        ],
      },
    ]);
  });
});

Deno.test("kafkajs producer: a 1 MiB value is stored byte for byte", async () => {
  await withAdmin({}, async ({ b, kafka, admin }) => {
    const topic = uniqueTopic("kjs-big");
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const value = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < value.length; i++) value[i] = (i * 31 + (i >> 10)) & 0xff;
    await withProducer(kafka, {}, async (producer) => {
      const [result] = await producer.send({
        topic,
        messages: [{ partition: 0, key: "big", value }, { partition: 0, value: "after" }],
      });
      assert.equal(result.baseOffset, "0");
    });
    const records = storedRecords(b, topic, 0);
    assert.equal(records.length, 2);
    assert.equal(records[0].value?.length, 1024 * 1024);
    assert.ok(Buffer.from(records[0].value!).equals(value), "1 MiB value differs");
    assert.equal(text(records[1].value), "after");
    assert.equal(records[1].offset, 1);
  });
});

Deno.test("kafkajs producer: GZIP batches are stored compressed and decode exactly", async () => {
  await withAdmin({}, async ({ b, kafka, admin }) => {
    const topic = uniqueTopic("kjs-gzip");
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const values = Array.from({ length: 50 }, (_, i) => `compressible value ${i} `.repeat(20));
    await withProducer(kafka, {}, async (producer) => {
      await producer.send({
        topic,
        compression: CompressionTypes.GZIP,
        messages: values.map((value, i) => ({
          partition: 0,
          key: `k${i}`,
          value,
          headers: { i: String(i) },
        })),
      });
    });
    const batches = storedBatches(b, topic, 0);
    assert.equal(batches.length, 1);
    assert.equal(batches[0].header.attributes & COMPRESSION_MASK, Codec.gzip);
    assert.equal(batches[0].header.recordCount, 50);
    assert.ok(batches[0].header.batchLength < values.join("").length / 4, "batch not compressed");
    assert.deepEqual(
      batches[0].records.map((
        r,
      ) => [r.offset, text(r.key), text(r.value), text(r.headers[0].value)]),
      values.map((value, i) => [i, `k${i}`, value, String(i)]),
    );
  });
});

Deno.test("kafkajs producer: 10,000 messages over 10 sends keep order and offsets", async () => {
  await withAdmin({}, async ({ b, kafka, admin }) => {
    const topic = uniqueTopic("kjs-10k");
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const sendCount = 10;
    const perSend = 1_000;
    await withProducer(kafka, {}, async (producer) => {
      for (let s = 0; s < sendCount; s++) {
        const result = await sendValues(producer, topic, s * perSend, perSend);
        assert.equal(result.baseOffset, String(s * perSend));
      }
    });
    const batches = storedBatches(b, topic, 0);
    assert.deepEqual(
      batches.map((batch) => batch.header.recordCount),
      Array(sendCount).fill(perSend),
    );
    const records = batches.flatMap((batch) => batch.records);
    assert.equal(records.length, sendCount * perSend);
    records.forEach((r, i) => {
      assert.equal(r.offset, i);
      assert.equal(text(r.value), `value-${i}`);
    });
    assert.deepEqual(await admin.fetchTopicOffsets(topic), [
      { partition: 0, offset: "10000", high: "10000", low: "0" },
    ]);
  });
});

Deno.test("kafkajs producer: acks 1, -1 and 0 (no response) on one connection", async () => {
  await withAdmin({}, async ({ b, kafka, admin }) => {
    const topic = uniqueTopic("kjs-acks");
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await withProducer(kafka, {}, async (producer) => {
      const one = await producer.send({
        topic,
        acks: 1,
        messages: [{ partition: 0, value: "a1" }],
      });
      assert.deepEqual(one.map((r) => [r.errorCode, r.baseOffset]), [[0, "0"]]);
      const all = await producer.send({
        topic,
        acks: -1,
        messages: [{ partition: 0, value: "a-1" }],
      });
      assert.deepEqual(all.map((r) => [r.errorCode, r.baseOffset]), [[0, "1"]]);
      const none = await producer.send({
        topic,
        acks: 0,
        messages: [{ partition: 0, value: "a0" }],
      });
      assert.deepEqual(none, []);
      await waitUntil(
        () => b.broker.store.partition(topic, 0)!.nextOffset === 3,
        2_000,
        "acks=0 record stored",
      );
      // The connection must stay in step after a request that got no response.
      const after = await producer.send({
        topic,
        acks: 1,
        messages: [{ partition: 0, value: "b1" }],
      });
      assert.deepEqual(after.map((r) => [r.errorCode, r.baseOffset]), [[0, "3"]]);
    });
    assert.deepEqual(
      storedRecords(b, topic, 0).map((r) => [r.offset, text(r.value)]),
      [[0, "a1"], [1, "a-1"], [2, "a0"], [3, "b1"]],
    );
  });
});

Deno.test("kafkajs producer: idempotent producer stamps producer id, epoch and sequences", async () => {
  await withAdmin({}, async ({ b, kafka, admin }) => {
    const topic = uniqueTopic("kjs-idempotent");
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const config = { idempotent: true, maxInFlightRequests: 1 };
    await withProducer(kafka, config, async (producer) => {
      const offsets: string[] = [];
      let sentCount = 0;
      for (const count of [2, 3, 1]) {
        offsets.push((await sendValues(producer, topic, sentCount, count)).baseOffset!);
        sentCount += count;
      }
      assert.deepEqual(offsets, ["0", "2", "5"]);
    });
    assert.deepEqual(
      storedBatches(b, topic, 0).map(({ header }) => [
        header.baseOffset,
        header.producerId,
        header.producerEpoch,
        header.baseSequence,
        header.recordCount,
      ]),
      [
        [0, FIRST_PRODUCER_ID, 0, 0, 2],
        [2, FIRST_PRODUCER_ID, 0, 2, 3],
        [5, FIRST_PRODUCER_ID, 0, 5, 1],
      ],
    );
  });
});

Deno.test("kafkajs producer: unknown topic is auto-created when the broker allows it", async () => {
  await withBroker({ autoCreateTopics: true, defaultPartitions: 2 }, async (b) => {
    const kafka = kafkaFor(b);
    const topic = uniqueTopic("kjs-auto");
    await withProducer(kafka, {}, async (producer) => {
      const [result] = await producer.send({
        topic,
        messages: [{ partition: 1, key: "k", value: "auto" }],
      });
      assert.deepEqual([result.topicName, result.partition, result.baseOffset], [topic, 1, "0"]);
    });
    assert.equal(b.broker.store.topic(topic)?.partitions.length, 2);
    assert.deepEqual(
      storedRecords(b, topic, 1).map((r) => [r.offset, text(r.key), text(r.value)]),
      [[0, "k", "auto"]],
    );
  });
});

Deno.test("kafkajs producer: unknown topic fails when auto-create is off (broker or client)", async () => {
  await withBroker({ autoCreateTopics: false }, async (b) => {
    const kafka = kafkaFor(b, { retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 } });
    const topic = uniqueTopic("kjs-no-auto");
    await withProducer(kafka, {}, async (producer) => {
      const err = await producer.send({ topic, messages: [{ value: "lost" }] })
        .then(() => null, (e) => e);
      assert.equal(err?.cause?.type, "UNKNOWN_TOPIC_OR_PARTITION");
    });
    assert.equal(b.broker.store.topic(topic), undefined);
  });
  await withBroker({ autoCreateTopics: true }, async (b) => {
    const kafka = kafkaFor(b, { retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 } });
    const topic = uniqueTopic("kjs-client-no-auto");
    await withProducer(kafka, { allowAutoTopicCreation: false }, async (producer) => {
      const err = await producer.send({ topic, messages: [{ value: "lost" }] })
        .then(() => null, (e) => e);
      assert.equal(err?.cause?.type, "UNKNOWN_TOPIC_OR_PARTITION");
    });
    assert.equal(b.broker.store.topic(topic), undefined);
  });
});

Deno.test("kafkajs: negotiated API versions are the highest both sides support", async () => {
  await withBroker({}, async (b) => {
    const kafka = kafkaFor(b);
    const admin = kafka.admin();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const sent = recordApiVersions(admin, producer);
    await admin.connect();
    await producer.connect();
    try {
      const topic = uniqueTopic("kjs-versions");
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
      await producer.send({ topic, messages: [{ partition: 0, value: "v" }] });
      await admin.fetchTopicOffsets(topic);
      await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
      });
      await admin.createPartitions({ topicPartitions: [{ topic, count: 2 }] });
      await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: "1" }] });
      await admin.deleteTopics({ topics: [topic], timeout: 2_000 });
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
    assert.deepEqual(Object.fromEntries([...sent].map(([api, v]) => [api, [...v]])), {
      ApiVersions: [2],
      Metadata: [6],
      CreateTopics: [3],
      InitProducerId: [1],
      Produce: [7],
      ListOffsets: [3],
      DescribeConfigs: [2],
      CreatePartitions: [1],
      DeleteRecords: [1],
      DeleteTopics: [1],
    });
  });
});
