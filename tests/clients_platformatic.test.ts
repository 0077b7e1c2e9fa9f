/**
 * @platformatic/kafka against the broker: admin operations, producers, and consuming WITHOUT a
 * consumer group (the group APIs are not served yet). Records are read back with the client's
 * group-less Fetch: `Consumer.fetch` (one Fetch request to a node; the consumer never joins its
 * group) and, for the long-poll, the low-level `fetchV17` API over a bare `Connection`.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  Admin,
  compressionsAlgorithms,
  Connection,
  Consumer,
  createTopicsV7,
  fetchV17,
  Producer,
} from "@platformatic/kafka";
import { type TestBroker, uniqueTopic, withBroker } from "./helpers/broker.ts";
import {
  clientOptions,
  fetchAll,
  fetchOnce,
  protocolErrorIds,
  recordApiVersions,
  recordsOf,
} from "./helpers/platformatic.ts";
import { waitUntil } from "./helpers/wait_until.ts";
import type { Settings } from "../broker/settings/load.ts";
import { uuidToString } from "../broker/protocol/schema.ts";

/** A fixed, ascending producer timestamp base (2023-11-14T22:13:20Z). */
const BASE_TIMESTAMP_MS = 1_700_000_000_000n;
/** First id InitProducerId hands out on a fresh broker (broker/producer_state.ts). */
const FIRST_PRODUCER_ID = 1000n;
/** ListOffsets special timestamps (Kafka ListOffsetsRequest). */
const LATEST = -1n;
const EARLIEST = -2n;
const MAX_TIMESTAMP = -3n;
const ONE_MIB = 1024 * 1024;
/** The all-zero topic id (no topic created), as the client prints UUIDs. */
const ZERO_UUID = "00000000-0000-0000-0000-000000000000";

const buf = (s: string) => Buffer.from(s);
/** The client shows topic ids as hex UUIDs; the store keeps Kafka's base64 form. */
const storeTopicId = (uuid: string) => uuidToString(Buffer.from(uuid.replaceAll("-", ""), "hex"));
const str = (b: Buffer | null) => b === null ? null : b.toString("utf8");

interface Clients {
  b: TestBroker;
  admin: Admin;
  producer: Producer;
  consumer: Consumer;
}

/** Runs `fn` with an admin, a producer and a (never joined) consumer on a fresh broker. */
async function withClients(
  overrides: Partial<Settings>,
  fn: (c: Clients) => Promise<void>,
): Promise<void> {
  await withBroker(overrides, async (b) => {
    const options = clientOptions(b);
    const admin = new Admin(options);
    const producer = new Producer(options);
    // groupId is required by the constructor; fetch() never joins the group.
    const consumer = new Consumer({ ...options, groupId: "never-joined" });
    try {
      await fn({ b, admin, producer, consumer });
    } finally {
      await consumer.close();
      await producer.close();
      await admin.close();
    }
  });
}

/** Creates a topic and returns its id. */
async function createTopic(admin: Admin, topic: string, partitions = 1): Promise<string> {
  const [created] = await admin.createTopics({ topics: [topic], partitions });
  return created.id;
}

/** Sends "value-i" for i in [from, from + count) to partition 0; returns the base offset. */
async function sendValues(producer: Producer, topic: string, from: number, count: number) {
  const result = await producer.send({
    messages: Array.from({ length: count }, (_, i) => ({
      topic,
      partition: 0,
      value: buf(`value-${from + i}`),
    })),
  });
  assert.equal(result.offsets?.length, 1);
  return result.offsets[0].offset;
}

/** admin.listOffsets for partition 0 at `timestamp`: [offset, timestamp]. */
async function offsetAt(admin: Admin, topic: string, timestamp: bigint) {
  const [listed] = await admin.listOffsets({
    topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp }] }],
  });
  const [p] = listed.partitions;
  return [p.offset, p.timestamp];
}

Deno.test("platformatic admin: createTopics with partitions and configs, then metadata", async () => {
  await withClients({}, async ({ b, admin }) => {
    const topic = uniqueTopic("plt-create");
    const created = await admin.createTopics({
      topics: [topic],
      partitions: 3,
      configs: [{ name: "retention.ms", value: "86400000" }],
    });
    const stored = b.broker.store.topic(topic);
    assert.ok(stored);
    assert.equal(stored.partitions.length, 3);
    assert.deepEqual(stored.configs, { "retention.ms": "86400000" });
    assert.equal(storeTopicId(created[0].id), stored.id);
    assert.deepEqual(created, [{
      id: created[0].id,
      name: topic,
      partitions: 3,
      replicas: 1,
      configuration: {
        "retention.ms": "86400000",
        "retention.bytes": "-1",
        "max.message.bytes": "104857600",
        "cleanup.policy": "delete",
        "delete.retention.ms": "86400000",
        "min.cleanable.dirty.ratio": "0.5",
        "message.timestamp.type": "CreateTime",
        "compression.type": "producer",
        "min.insync.replicas": "1",
        "segment.bytes": "1048576",
      },
    }]);

    const metadata = await admin.metadata({ topics: [topic] });
    assert.deepEqual([...metadata.brokers], [[0, { host: "localhost", port: b.port, rack: null }]]);
    assert.equal(metadata.controllerId, 0);
    const described = metadata.topics.get(topic);
    assert.ok(described);
    assert.equal(described.id, created[0].id);
    assert.equal(described.partitionsCount, 3);
    assert.deepEqual(
      described.partitions,
      [0, 1, 2].map(() => ({
        leader: 0,
        leaderEpoch: 0,
        replicas: [0],
        isr: [0],
        offlineReplicas: [],
      })),
    );
  });
});

Deno.test("platformatic admin: CreateTopics validateOnly (low-level API) creates nothing", async () => {
  await withBroker({}, async (b) => {
    const connection = new Connection("blink-platformatic-test", { requestTimeout: 5_000 });
    await connection.connect("127.0.0.1", b.port);
    try {
      const topic = uniqueTopic("plt-validate");
      const request = {
        name: topic,
        numPartitions: 4,
        replicationFactor: 1,
        assignments: [],
        configs: [{ name: "retention.ms", value: "1000" }],
      };
      const response = await createTopicsV7.api.async(connection, [request], 1_000, true);
      assert.deepEqual(
        response.topics.map((t) => [t.name, t.topicId, t.errorCode, t.numPartitions]),
        [[topic, ZERO_UUID, 0, 4]],
      );
      assert.equal(
        response.topics[0].configs.find((c) => c.name === "retention.ms")?.value,
        "1000",
      );
      assert.equal(b.broker.store.topic(topic), undefined);

      const badConfig = { ...request, configs: [{ name: "retention.ms", value: "soon" }] };
      const err = await createTopicsV7.api.async(connection, [badConfig], 1_000, true)
        .then(() => null, (e) => e);
      assert.deepEqual(protocolErrorIds(err), ["INVALID_CONFIG"]);
      assert.equal(b.broker.store.topic(topic), undefined);
    } finally {
      await connection.close();
    }
  });
});

Deno.test("platformatic admin: createTopics errors name the Kafka error", async () => {
  await withClients({}, async ({ b, admin }) => {
    const topic = uniqueTopic("plt-exists");
    await createTopic(admin, topic, 2);
    const exists = await admin.createTopics({ topics: [topic], partitions: 5 })
      .then(() => null, (e) => e);
    assert.deepEqual(protocolErrorIds(exists), ["TOPIC_ALREADY_EXISTS"]);
    assert.equal(b.broker.store.topic(topic)?.partitions.length, 2);

    const zero = uniqueTopic("plt-zero");
    const badPartitions = await admin.createTopics({ topics: [zero], partitions: 0 })
      .then(() => null, (e) => e);
    assert.deepEqual(protocolErrorIds(badPartitions), ["INVALID_PARTITIONS"]);

    const unknownConfig = await admin.createTopics({
      topics: [zero],
      configs: [{ name: "no.such.config", value: "1" }],
    }).then(() => null, (e) => e);
    assert.deepEqual(protocolErrorIds(unknownConfig), ["INVALID_CONFIG"]);
    assert.equal(b.broker.store.topic(zero), undefined);
  });
});

Deno.test("platformatic admin: listTopics and deleteTopics", async () => {
  await withClients({}, async ({ b, admin }) => {
    const names = ["plt-list-a", "plt-list-b", "plt-list-c"].map((p) => uniqueTopic(p));
    await admin.createTopics({ topics: names, partitions: 1 });
    assert.deepEqual((await admin.listTopics()).sort(), [...names].sort());

    await admin.deleteTopics({ topics: [names[0]] });
    assert.deepEqual((await admin.listTopics()).sort(), [names[1], names[2]].sort());
    assert.equal(b.broker.store.topic(names[0]), undefined);

    const err = await admin.deleteTopics({ topics: [names[0]] }).then(() => null, (e) => e);
    assert.ok(protocolErrorIds(err).length > 0, "deleting a deleted topic must fail");
    assert.ok(protocolErrorIds(err).every((id) => id === "UNKNOWN_TOPIC_OR_PARTITION"));
  });
});

Deno.test("platformatic admin: createPartitions grows; validateOnly and shrinking do not", async () => {
  await withClients({}, async ({ b, admin }) => {
    const topic = uniqueTopic("plt-parts");
    await createTopic(admin, topic, 2);
    await admin.createPartitions({
      validateOnly: true,
      topics: [{ name: topic, count: 8, assignments: [] }],
    });
    assert.equal(b.broker.store.topic(topic)?.partitions.length, 2);

    await admin.createPartitions({ topics: [{ name: topic, count: 4, assignments: [] }] });
    assert.equal(b.broker.store.topic(topic)?.partitions.length, 4);
    const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
    assert.equal(metadata.topics.get(topic)?.partitionsCount, 4);

    const err = await admin.createPartitions({
      topics: [{ name: topic, count: 3, assignments: [] }],
    })
      .then(() => null, (e) => e);
    assert.deepEqual(protocolErrorIds(err), ["INVALID_PARTITIONS"]);
    assert.equal(b.broker.store.topic(topic)?.partitions.length, 4);
  });
});

Deno.test("platformatic admin: describeConfigs for a topic and for the broker", async () => {
  const overrides = { retentionMs: 900_000, defaultPartitions: 2 };
  await withClients(overrides, async ({ admin }) => {
    const topic = uniqueTopic("plt-describe");
    await admin.createTopics({
      topics: [topic],
      configs: [{ name: "retention.ms", value: "4321" }, {
        name: "retention.bytes",
        value: "1024",
      }],
    });
    const plain = uniqueTopic("plt-describe-plain");
    await createTopic(admin, plain);
    const described = await admin.describeConfigs({
      resources: [
        {
          resourceType: 2,
          resourceName: topic,
          configurationKeys: ["retention.ms", "retention.bytes"],
        },
        { resourceType: 2, resourceName: plain, configurationKeys: ["retention.ms"] },
        {
          resourceType: 4,
          resourceName: "0",
          configurationKeys: ["num.partitions", "log.retention.ms", "auto.create.topics.enable"],
        },
      ],
    });
    const summary = described.map((r) => ({
      resourceType: r.resourceType,
      resourceName: r.resourceName,
      configs: r.configs.map((c) => [c.name, c.value, c.configSource]).sort(),
    }));
    // configSource: 1 DYNAMIC_TOPIC_CONFIG, 4 STATIC_BROKER_CONFIG, 5 DEFAULT_CONFIG.
    assert.deepEqual(summary, [
      {
        resourceType: 2,
        resourceName: topic,
        configs: [["retention.bytes", "1024", 1], ["retention.ms", "4321", 1]],
      },
      { resourceType: 2, resourceName: plain, configs: [["retention.ms", "900000", 5]] },
      {
        resourceType: 4,
        resourceName: "0",
        configs: [
          ["auto.create.topics.enable", "true", 4],
          ["log.retention.ms", "900000", 4],
          ["num.partitions", "2", 4],
        ],
      },
    ]);
  });
});

/** Three batches on partition 0: offsets 0,1 at +0/+100 ms, 2,3 at +1000/+1100, 4 at +2000. */
async function produceTimedBatches(producer: Producer, topic: string): Promise<void> {
  for (const deltasMs of [[0n, 100n], [1000n, 1100n], [2000n]]) {
    await producer.send({
      messages: deltasMs.map((deltaMs) => ({
        topic,
        partition: 0,
        value: buf(`at+${deltaMs}`),
        timestamp: BASE_TIMESTAMP_MS + deltaMs,
      })),
    });
  }
}

Deno.test("platformatic admin: listOffsets earliest, latest, max, by time at batch starts", async () => {
  await withClients({}, async ({ admin, producer }) => {
    const topic = uniqueTopic("plt-offsets");
    await createTopic(admin, topic);
    assert.deepEqual(await offsetAt(admin, topic, EARLIEST), [0n, -1n]);
    assert.deepEqual(await offsetAt(admin, topic, LATEST), [0n, -1n]);
    assert.deepEqual(await offsetAt(admin, topic, MAX_TIMESTAMP), [-1n, -1n]);
    await produceTimedBatches(producer, topic);
    assert.deepEqual(await offsetAt(admin, topic, EARLIEST), [0n, -1n]);
    assert.deepEqual(await offsetAt(admin, topic, LATEST), [5n, -1n]);
    // The largest timestamp is the last batch's only record.
    assert.deepEqual(await offsetAt(admin, topic, MAX_TIMESTAMP), [4n, BASE_TIMESTAMP_MS + 2000n]);
    // Targets at a batch's first record: that record's offset (its timestamp: the next test).
    const offsetOnly = async (deltaMs: bigint) =>
      (await offsetAt(admin, topic, BASE_TIMESTAMP_MS + deltaMs))[0];
    assert.equal(await offsetOnly(-5000n), 0n);
    assert.equal(await offsetOnly(0n), 0n);
    assert.equal(await offsetOnly(1000n), 2n);
    assert.deepEqual(
      await offsetAt(admin, topic, BASE_TIMESTAMP_MS + 2000n),
      [4n, BASE_TIMESTAMP_MS + 2000n],
    );
    assert.deepEqual(await offsetAt(admin, topic, BASE_TIMESTAMP_MS + 5000n), [-1n, -1n]);
  });
});

Deno.test("platformatic admin: listOffsets by time answers the record and its timestamp", async () => {
  // Kafka answers the first RECORD with timestamp >= the target, with that record's own
  // timestamp (FileRecords.searchForTimestamp iterates the records of the first batch whose
  // maxTimestamp >= target), and for MAX_TIMESTAMP the record holding the largest timestamp
  // (KIP-734), not a batch's base offset and max timestamp.
  await withClients({}, async ({ admin, producer }) => {
    const topic = uniqueTopic("plt-offsets-inner");
    await createTopic(admin, topic);
    await produceTimedBatches(producer, topic);
    const at = (deltaMs: bigint) => offsetAt(admin, topic, BASE_TIMESTAMP_MS + deltaMs);
    assert.deepEqual(await at(0n), [0n, BASE_TIMESTAMP_MS]);
    assert.deepEqual(await at(50n), [1n, BASE_TIMESTAMP_MS + 100n]);
    assert.deepEqual(await at(1000n), [2n, BASE_TIMESTAMP_MS + 1000n]);
    assert.deepEqual(await at(1001n), [3n, BASE_TIMESTAMP_MS + 1100n]);
    // One batch whose middle record holds the largest timestamp.
    const peak = uniqueTopic("plt-max-ts");
    await createTopic(admin, peak);
    await producer.send({
      messages: [0n, 500n, 100n].map((deltaMs) => ({
        topic: peak,
        partition: 0,
        value: buf(`at+${deltaMs}`),
        timestamp: BASE_TIMESTAMP_MS + deltaMs,
      })),
    });
    assert.deepEqual(await offsetAt(admin, peak, MAX_TIMESTAMP), [1n, BASE_TIMESTAMP_MS + 500n]);
  });
});

Deno.test("platformatic admin: deleteRecords moves the log start; older fetches fail", async () => {
  await withClients({}, async ({ b, admin, producer, consumer }) => {
    const topic = uniqueTopic("plt-delete-records");
    const topicId = await createTopic(admin, topic);
    await sendValues(producer, topic, 0, 4);
    await sendValues(producer, topic, 4, 4);
    const deleted = await admin.deleteRecords({
      topics: [{ name: topic, partitions: [{ partition: 0, offset: 5n }] }],
    });
    assert.deepEqual(deleted, [{ name: topic, partitions: [{ partition: 0, lowWatermark: 5n }] }]);
    assert.equal(b.broker.store.partition(topic, 0)!.logStartOffset, 5);
    assert.deepEqual(await offsetAt(admin, topic, EARLIEST), [5n, -1n]);
    assert.deepEqual(
      (await fetchAll(consumer, topicId, 0, 5n)).map((r) => [r.offset, str(r.value)]),
      [[5n, "value-5"], [6n, "value-6"], [7n, "value-7"]],
    );
    const below = await fetchOnce(consumer, topicId, 0, 2n).then(
      (p) => p.errorCode,
      (e) => protocolErrorIds(e),
    );
    assert.deepEqual(below, ["OFFSET_OUT_OF_RANGE"]);
  });
});

Deno.test("platformatic producer: keys, values, headers, nulls, empty value, timestamps", async () => {
  await withClients({}, async ({ admin, producer, consumer }) => {
    const topic = uniqueTopic("plt-records");
    const topicId = await createTopic(admin, topic);
    const binary = Buffer.from([0x00, 0xff, 0x01, 0x80, 0x7f, 0x00]);
    const dupKeyA = buf("dup");
    const dupKeyB = buf("dup"); // a different Map key with the same bytes: a repeated header
    const result = await producer.send({
      messages: [
        {
          topic,
          partition: 0,
          key: buf("key-1"),
          value: buf("value-1"),
          timestamp: BASE_TIMESTAMP_MS,
          headers: new Map([
            [buf("content-type"), buf("text/plain")],
            [buf("trace"), binary],
            [dupKeyA, buf("one")],
            [dupKeyB, buf("two")],
            [buf("nullable"), null as unknown as Buffer],
          ]),
        },
        { topic, partition: 0, value: buf("no key"), timestamp: BASE_TIMESTAMP_MS + 1n },
        { topic, partition: 0, key: buf("tombstone"), timestamp: BASE_TIMESTAMP_MS + 2n },
        {
          topic,
          partition: 0,
          key: Buffer.from([0xde, 0xad]),
          value: Buffer.alloc(0),
          timestamp: BASE_TIMESTAMP_MS + 3n,
          headers: new Map([[Buffer.alloc(0), buf("empty key")]]),
        },
      ],
    });
    assert.deepEqual(result.offsets, [{ topic, partition: 0, offset: 0n }]);

    assert.deepEqual(await fetchAll(consumer, topicId, 0), [
      {
        offset: 0n,
        timestamp: BASE_TIMESTAMP_MS,
        key: buf("key-1"),
        value: buf("value-1"),
        headers: [
          [buf("content-type"), buf("text/plain")],
          [buf("trace"), binary],
          [buf("dup"), buf("one")],
          [buf("dup"), buf("two")],
          [buf("nullable"), null],
        ],
      },
      {
        offset: 1n,
        timestamp: BASE_TIMESTAMP_MS + 1n,
        key: null,
        value: buf("no key"),
        headers: [],
      },
      {
        offset: 2n,
        timestamp: BASE_TIMESTAMP_MS + 2n,
        key: buf("tombstone"),
        value: null,
        headers: [],
      },
      {
        offset: 3n,
        timestamp: BASE_TIMESTAMP_MS + 3n,
        key: Buffer.from([0xde, 0xad]),
        value: Buffer.alloc(0),
        headers: [[Buffer.alloc(0), buf("empty key")]],
      },
    ]);
  });
});

Deno.test("platformatic producer: a 1 MiB value round-trips byte for byte", async () => {
  await withClients({}, async ({ admin, producer, consumer }) => {
    const topic = uniqueTopic("plt-big");
    const topicId = await createTopic(admin, topic);
    const value = Buffer.alloc(ONE_MIB);
    for (let i = 0; i < value.length; i++) value[i] = (i * 31 + (i >> 10)) & 0xff;
    await producer.send({
      messages: [
        { topic, partition: 0, key: buf("big"), value },
        { topic, partition: 0, value: buf("after") },
      ],
    });
    const records = await fetchAll(consumer, topicId, 0);
    assert.equal(records.length, 2);
    assert.equal(records[0].value?.length, ONE_MIB);
    assert.ok(records[0].value!.equals(value), "1 MiB value differs");
    assert.deepEqual([records[1].offset, str(records[1].value)], [1n, "after"]);
  });
});

for (const [algorithm, codec] of [["gzip", 1], ["snappy", 2], ["lz4", 3], ["zstd", 4]] as const) {
  Deno.test({
    name: `platformatic producer: ${algorithm} batches are stored compressed and consumed exactly`,
    // zstd needs node:zlib zstd support in the runtime; the client reports whether it has it.
    ignore: !compressionsAlgorithms[algorithm].available,
    fn: async () => {
      await withClients({}, async ({ b, admin, producer, consumer }) => {
        const topic = uniqueTopic(`plt-${algorithm}`);
        const topicId = await createTopic(admin, topic);
        const values = Array.from({ length: 50 }, (_, i) => `compressible ${i} `.repeat(30));
        await producer.send({
          compression: algorithm,
          messages: values.map((value, i) => ({
            topic,
            partition: 0,
            key: buf(`k${i}`),
            value: buf(value),
            headers: new Map([[buf("i"), buf(String(i))]]),
          })),
        });
        const log = b.broker.store.partition(topic, 0)!;
        const [stored] = log.read(0, Number.MAX_SAFE_INTEGER);
        const attributes = (stored[21] << 8) | stored[22]; // RecordBatch attributes: int16 at 21
        assert.equal(attributes & 0x07, codec);
        assert.ok(stored.length < values.join("").length / 4, "batch not compressed");
        const records = await fetchAll(consumer, topicId, 0);
        assert.deepEqual(
          records.map((r) => [r.offset, str(r.key), str(r.value), str(r.headers[0][1])]),
          values.map((value, i) => [BigInt(i), `k${i}`, value, String(i)]),
        );
      });
    },
  });
}

Deno.test("platformatic producer: 10,000 messages over 10 sends keep order and offsets", async () => {
  await withClients({}, async ({ admin, producer, consumer }) => {
    const topic = uniqueTopic("plt-10k");
    const topicId = await createTopic(admin, topic);
    const sendCount = 10;
    const perSend = 1_000;
    for (let s = 0; s < sendCount; s++) {
      assert.equal(await sendValues(producer, topic, s * perSend, perSend), BigInt(s * perSend));
    }
    const records = await fetchAll(consumer, topicId, 0);
    assert.equal(records.length, sendCount * perSend);
    records.forEach((r, i) => {
      assert.equal(r.offset, BigInt(i));
      assert.equal(str(r.value), `value-${i}`);
    });
    assert.deepEqual(await offsetAt(admin, topic, LATEST), [10_000n, -1n]);
  });
});

Deno.test("platformatic producer: acks 1, -1 and 0 (no response) on one connection", async () => {
  await withClients({}, async ({ b, admin, producer, consumer }) => {
    const topic = uniqueTopic("plt-acks");
    const topicId = await createTopic(admin, topic);
    const send = (acks: number, value: string) =>
      producer.send({ acks, messages: [{ topic, partition: 0, value: buf(value) }] });
    assert.deepEqual((await send(1, "a1")).offsets, [{ topic, partition: 0, offset: 0n }]);
    assert.deepEqual((await send(-1, "a-1")).offsets, [{ topic, partition: 0, offset: 1n }]);
    assert.deepEqual(await send(0, "a0"), { unwritableNodes: [] });
    await waitUntil(
      () => b.broker.store.partition(topic, 0)!.nextOffset === 3,
      2_000,
      "acks=0 record stored",
    );
    // The connection must stay in step after a request that got no response.
    assert.deepEqual((await send(1, "b1")).offsets, [{ topic, partition: 0, offset: 3n }]);
    assert.deepEqual(
      (await fetchAll(consumer, topicId, 0)).map((r) => [r.offset, str(r.value)]),
      [[0n, "a1"], [1n, "a-1"], [2n, "a0"], [3n, "b1"]],
    );
  });
});

Deno.test("platformatic producer: idempotent producer stamps producer id, epoch, sequences", async () => {
  await withClients({}, async ({ b, admin, consumer }) => {
    const topic = uniqueTopic("plt-idempotent");
    const topicId = await createTopic(admin, topic);
    const producer = new Producer({ ...clientOptions(b), idempotent: true });
    try {
      const offsets: bigint[] = [];
      let sentCount = 0;
      for (const count of [2, 3, 1]) {
        offsets.push(await sendValues(producer, topic, sentCount, count));
        sentCount += count;
      }
      assert.deepEqual(offsets, [0n, 2n, 5n]);
      assert.equal(producer.producerId, FIRST_PRODUCER_ID);
      assert.equal(producer.producerEpoch, 0);
    } finally {
      await producer.close();
    }
    const partition = await fetchOnce(consumer, topicId, 0, 0n);
    assert.deepEqual(
      (partition.records ?? []).map((batch) => [
        batch.firstOffset,
        batch.producerId,
        batch.producerEpoch,
        batch.firstSequence,
        batch.records.length,
      ]),
      [
        [0n, FIRST_PRODUCER_ID, 0, 0, 2],
        [2n, FIRST_PRODUCER_ID, 0, 2, 3],
        [5n, FIRST_PRODUCER_ID, 0, 5, 1],
      ],
    );
  });
});

Deno.test("platformatic producer: unknown topic is auto-created when both sides allow it", async () => {
  await withBroker({ autoCreateTopics: true, defaultPartitions: 3 }, async (b) => {
    const producer = new Producer({ ...clientOptions(b), autocreateTopics: true });
    try {
      const topic = uniqueTopic("plt-auto");
      const result = await producer.send({
        messages: [{ topic, partition: 2, key: buf("k"), value: buf("auto") }],
      });
      assert.deepEqual(result.offsets, [{ topic, partition: 2, offset: 0n }]);
      assert.equal(b.broker.store.topic(topic)?.partitions.length, 3);
      assert.equal(b.broker.store.partition(topic, 2)!.nextOffset, 1);
    } finally {
      await producer.close();
    }
  });
});

Deno.test("platformatic producer: unknown topic fails when broker or client refuses auto-create", async () => {
  const cases = [
    { broker: false, client: true, prefix: "plt-no-auto-broker" },
    { broker: true, client: false, prefix: "plt-no-auto-client" },
  ];
  for (const c of cases) {
    await withBroker({ autoCreateTopics: c.broker }, async (b) => {
      const producer = new Producer({ ...clientOptions(b), autocreateTopics: c.client });
      try {
        const topic = uniqueTopic(c.prefix);
        const err = await producer.send({ messages: [{ topic, value: buf("lost") }] })
          .then(() => null, (e) => e);
        assert.equal(err?.message, `Unknown topic ${topic}.`);
        assert.equal(b.broker.store.topic(topic), undefined);
      } finally {
        await producer.close();
      }
    });
  }
});

Deno.test("platformatic consumer: group-less fetch of an empty partition waits maxWaitTime", async () => {
  await withClients({}, async ({ admin, consumer }) => {
    const topic = uniqueTopic("plt-empty-wait");
    const topicId = await createTopic(admin, topic);
    const startMs = performance.now();
    const partition = await fetchOnce(consumer, topicId, 0, 0n, 300);
    const elapsedMs = performance.now() - startMs;
    assert.ok(elapsedMs >= 250 && elapsedMs < 2_000, `empty fetch took ${elapsedMs} ms`);
    assert.deepEqual(
      [partition.errorCode, partition.highWatermark, partition.logStartOffset],
      [0, 0n, 0n],
    );
    assert.deepEqual(recordsOf(partition.records ?? [], 0n), []);
  });
});

Deno.test("platformatic consumer: long-poll fetch returns soon after a later produce", async () => {
  await withClients({}, async ({ b, admin, producer }) => {
    const topic = uniqueTopic("plt-long-poll");
    const topicId = await createTopic(admin, topic);
    const connection = new Connection("blink-platformatic-long-poll", { requestTimeout: 10_000 });
    await connection.connect("127.0.0.1", b.port);
    try {
      const partitions = [{
        partition: 0,
        currentLeaderEpoch: -1,
        fetchOffset: 0n,
        lastFetchedEpoch: -1,
        partitionMaxBytes: ONE_MIB,
      }];
      let settled = false;
      const fetching = fetchV17.api.async(
        connection,
        5_000, // maxWaitMs
        1, // minBytes
        ONE_MIB,
        0, // isolation level READ_UNCOMMITTED
        0, // session id: none
        -1, // session epoch FINAL: a full, session-less fetch
        [{ topicId, partitions }],
        [],
        "",
      ).then((response) => {
        settled = true;
        return { response, doneMs: performance.now() };
      });
      await waitUntil(() => b.broker.waiters.parkedCount === 1, 2_000, "fetch parked at broker");
      assert.equal(settled, false, "fetch answered before anything was produced");

      const produceStartMs = performance.now();
      await producer.send({ messages: [{ topic, partition: 0, value: buf("wake up") }] });
      const { response, doneMs } = await fetching;
      const latencyMs = doneMs - produceStartMs;
      assert.ok(latencyMs < 500, `fetch answered ${latencyMs} ms after the produce`);
      const [p] = response.responses[0].partitions;
      assert.deepEqual([p.errorCode, p.highWatermark], [0, 1n]);
      assert.deepEqual(
        recordsOf(p.records ?? [], 0n).map((r) => [r.offset, str(r.value)]),
        [[0n, "wake up"]],
      );
      assert.equal(b.broker.waiters.parkedCount, 0);
    } finally {
      await connection.close();
    }
  });
});

Deno.test("platformatic: negotiated API versions are the highest both sides support", async () => {
  const recording = recordApiVersions();
  try {
    await withClients({}, async ({ b, admin, consumer }) => {
      const topic = uniqueTopic("plt-versions");
      const topicId = await createTopic(admin, topic);
      const producer = new Producer(clientOptions(b));
      try {
        await sendValues(producer, topic, 0, 1);
        // Only the version matters here; the idempotent producer test asserts the outcome.
        await producer.initIdempotentProducer({}).catch(() => undefined);
      } finally {
        await producer.close();
      }
      await fetchOnce(consumer, topicId, 0, 0n);
      await offsetAt(admin, topic, LATEST);
      await admin.describeConfigs({ resources: [{ resourceType: 2, resourceName: topic }] });
      await admin.createPartitions({ topics: [{ name: topic, count: 2, assignments: [] }] });
      await admin.deleteRecords({
        topics: [{ name: topic, partitions: [{ partition: 0, offset: 1n }] }],
      });
      await admin.deleteTopics({ topics: [topic] });
    });
  } finally {
    recording.stop();
  }
  const byKey = Object.fromEntries(
    [...recording.sent].sort(([a], [b]) => a - b).map(([key, v]) => [key, [...v]]),
  );
  // Keys: 0 Produce, 1 Fetch, 2 ListOffsets, 3 Metadata, 18 ApiVersions, 19 CreateTopics,
  // 20 DeleteTopics, 21 DeleteRecords, 22 InitProducerId, 32 DescribeConfigs, 37 CreatePartitions.
  assert.deepEqual(byKey, {
    0: [11],
    1: [17],
    2: [9],
    3: [12],
    18: [3],
    19: [7],
    20: [6],
    21: [2],
    22: [5],
    32: [4],
    37: [3],
  });
});
