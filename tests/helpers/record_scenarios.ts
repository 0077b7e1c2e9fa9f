/**
 * Produce and consume scenarios that every real client (confluent-kafka, kafka-python, kcat) runs
 * the same way; each test file registers them for its clients with recordTests().
 */
import assert from "node:assert/strict";
import { uniqueTopic } from "./broker.ts";
import { kafkaPython } from "./python_clients.ts";
import {
  type CodecName,
  newTopic,
  type RecordClient,
  type RecordScenario,
  roundRobinMessages,
  textMessages,
} from "./record_client.ts";
import { storedBatches } from "./stored_batches.ts";
import { Codec, COMPRESSION_MASK, readBatchHeader } from "../../broker/records/batch_header.ts";

/** Asserts there is one error per message and each matches `pattern`. */
function assertErrors(errors: string[], count: number, pattern: RegExp): void {
  assert.equal(errors.length, count, `errors: ${JSON.stringify(errors)}`);
  for (const error of errors) assert.match(error, pattern);
}

export function compression(codec: CodecName): RecordScenario {
  return {
    title: `compression.type=${codec} batches are stored compressed and consumed exactly`,
    async run(client, b) {
      const topic = newTopic(b, `codec-${codec}`);
      const texts = Array.from({ length: 200 }, (_, i) => `${codec} ${i} ${"abcdefgh".repeat(8)}`);
      await client.produce(b, textMessages(topic, 0, texts), { codec, lingerMs: 100 });
      const got = await client.consume(b, topic, [0], 0);
      assert.deepEqual(got.map((m) => m.offset), texts.map((_, i) => i));
      assert.deepEqual(got.map((m) => m.value), texts);

      // librdkafka 2.0.2 compresses gzip, snappy and lz4 only when the broker's Produce range
      // includes v0 (and lz4 also needs FindCoordinator v0); otherwise it logs "Broker does not
      // support compression type ...: not compressing batch" and sends it plain
      // (confluentinc/librdkafka#4956, fixed in later librdkafka).
      const batches = storedBatches(b, topic, 0);
      assert(batches.length >= 1);
      let storedBytes = 0;
      for (const batch of batches) {
        assert.equal(
          readBatchHeader(batch).attributes & COMPRESSION_MASK,
          Codec[codec],
          `${client.name} with ${codec} stored a batch with another codec`,
        );
        storedBytes += batch.length;
      }
      const rawBytes = texts.reduce((n, v) => n + v.length, 0);
      assert(storedBytes < rawBytes, `${storedBytes} stored bytes for ${rawBytes} raw bytes`);
    },
  };
}

export const inOrder: RecordScenario = {
  title: "10,000 messages over 3 partitions land and come back in order with exact offsets",
  async run(client, b) {
    const topic = newTopic(b, "order", 3);
    // Message i goes to partition i % 3, so it must land at offset floor(i / 3).
    const sent = roundRobinMessages(topic, 10_000, 3, (i) => `k-${i}`, (i) => `m-${i}`);
    await client.produce(b, sent, { lingerMs: 20 });
    assert.deepEqual(
      b.broker.store.topic(topic)!.partitions.map((p) => p.nextOffset),
      [3334, 3333, 3333],
    );

    const got = await client.consume(b, topic, [0, 1, 2], "beginning");
    for (const partition of [0, 1, 2]) {
      const mine = got.filter((m) => m.partition === partition);
      const expected = sent.filter((m) => m.partition === partition);
      assert.deepEqual(mine.map((m) => m.offset), expected.map((_, i) => i), `${partition}`);
      assert.deepEqual(mine.map((m) => m.value), expected.map((m) => m.value), `${partition}`);
      assert.deepEqual(mine.map((m) => m.key), expected.map((m) => m.key), `${partition}`);
    }
  },
};

export const purgeOnFetch: RecordScenario = {
  title: "with purge_on_fetch the log start moves past what a consumer fetched",
  settings: { purgeOnFetch: true },
  async run(client, b) {
    const topic = newTopic(b, "purge");
    const texts = ["p-0", "p-1", "p-2", "p-3", "p-4"];
    await client.produce(b, textMessages(topic, 0, texts));
    const log = b.broker.store.partition(topic, 0)!;
    assert.equal(log.logStartOffset, 0);
    assert.equal(log.nextOffset, 5);
    const got = await client.consume(b, topic, [0], "beginning");
    assert.deepEqual(got.map((m) => [m.offset, m.value]), texts.map((text, i) => [i, text]));
    assert.equal(log.logStartOffset, 5);
    assert.equal(log.nextOffset, 5);
    assert.equal(log.batchCount, 0);
  },
};

export const autoCreate: RecordScenario = {
  title: "producing to an unknown topic auto-creates it with kafka_cfg_num_partitions",
  settings: { autoCreateTopics: true, defaultPartitions: 3 },
  async run(client, b) {
    const topic = uniqueTopic("auto");
    assert.equal(b.broker.store.topic(topic), undefined);
    await client.produce(b, [{ topic, partition: 2, key: "a", value: "hello" }]);
    const created = b.broker.store.topic(topic);
    assert(created, "topic was auto-created");
    assert.equal(created.partitions.length, 3);
    assert.deepEqual(created.partitions.map((p) => p.nextOffset), [0, 0, 1]);
  },
};

export const noAutoCreate: RecordScenario = {
  title: "with auto-create off, producing to an unknown topic fails and creates nothing",
  settings: { autoCreateTopics: false },
  async run(client, b) {
    const topic = uniqueTopic("noauto");
    const errors = await client.produceRefused(b, [{ topic, key: "a", value: "lost" }]);
    assertErrors(errors, 1, client.failures.unknownTopic);
    assert.equal(b.broker.store.topic(topic), undefined);
  },
};

export const deleteRecords: RecordScenario = {
  title: "after DeleteRecords (kafka-python) consuming below the log start is out of range",
  alsoNeeds: [kafkaPython],
  async run(client, b) {
    const topic = newTopic(b, "delrec");
    // Two produce runs, two batches (offsets 0-5 and 6-9): the deletion at 6 frees a whole one.
    // The linger gathers each run's records in one batch.
    const texts = Array.from({ length: 10 }, (_, i) => `d-${i}`);
    await client.produce(b, textMessages(topic, 0, texts.slice(0, 6)), { lingerMs: 100 });
    await client.produce(b, textMessages(topic, 0, texts.slice(6)), { lingerMs: 100 });
    const deleted = await kafkaPython.admin(b, [{
      op: "delete_records",
      topic,
      partition: 0,
      offset: 6,
    }]);
    assert.deepEqual(deleted.results, [{ errorCode: 0, lowWatermark: 6 }]);
    const log = b.broker.store.partition(topic, 0)!;
    assert.equal(log.logStartOffset, 6);
    assert.equal(log.batchCount, 1);
    assert.deepEqual(await client.watermarks(b, topic, 0), [6, 10]);

    const errors = await client.consumeRefused(b, topic, 0, 2);
    assertErrors(errors, 1, client.failures.offsetOutOfRange);

    const fromStart = await client.consume(b, topic, [0], "beginning");
    assert.deepEqual(
      fromStart.map((m) => [m.offset, m.value]),
      [[6, "d-6"], [7, "d-7"], [8, "d-8"], [9, "d-9"]],
    );
  },
};

/** Every shared scenario, as each client runs them. */
export function recordScenarios(client: RecordClient): RecordScenario[] {
  return [
    ...client.codecs.map(compression),
    inOrder,
    purgeOnFetch,
    autoCreate,
    noAutoCreate,
    deleteRecords,
  ];
}
