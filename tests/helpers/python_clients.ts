/**
 * Test helper: confluent-kafka (librdkafka) and kafka-python 2.0.2 as RecordClients, driving the
 * scripts in tests/clients/python (ck_*.py and kp_*.py take the same parameters and print the
 * same shapes, except where a client reports less).
 */
import assert from "node:assert/strict";
import type { TestBroker } from "./broker.ts";
import {
  asText,
  type ConsumeResult,
  encodeMessages,
  type OutMessage,
  pythonWith,
  runPython,
} from "./python.ts";
import type {
  CodecName,
  ProduceOptions,
  RecordClient,
  StartOffset,
  TextMessage,
  TextRecord,
} from "./record_client.ts";

export const SCRIPT_TIMEOUT_MS = 60_000;
/** How long a script's client waits for acknowledgements or messages. */
const CLIENT_TIMEOUT_MS = 30_000;
/** OFFSET_BEGINNING in librdkafka; kp_consume.py seeks to the beginning for it too. */
const OFFSET_BEGINNING = -2;
/** librdkafka's answer to an offsets_for_times query no record satisfies (OFFSET_END). */
const LIBRDKAFKA_NO_OFFSET = -1;

export interface Delivery {
  partition: number | null;
  offset: number | null;
  /** The timestamp the client reports for the acknowledged message. */
  timestampMs: number | null;
  error: string | null;
}

export interface Assignment {
  topic: string;
  partition: number;
  offset: number;
}

export interface ConsumeOptions {
  config?: Record<string, unknown>;
  maxMessages?: number;
  seek?: { afterMessages: number; to: Assignment[] };
}

/** How a client's admin script (ck_admin.py, kp_admin.py: the same steps) answers. */
export interface AdminAnswers {
  /** A create_topics, create_partitions or delete_topics step that succeeded for `topic`. */
  done(topic: string): unknown;
  /** create_topics for a topic that already exists. */
  exists(topic: string): unknown;
  /** describe_configs for a topic that does not exist. */
  noTopic: unknown;
  /** The configs of a describe_configs answer; asserts the client reported no error. */
  configs(answer: any): Record<string, string>;
}

/** An offsets_for_times answer: null when no record is at or after the time. */
export type ForTime = { offset: number; timestampMs?: number } | null;

export interface PythonClient extends RecordClient {
  /** The interpreter that has the client's module, or null. */
  readonly interpreter: string | null;
  /** The timestampType it reports for CreateTime records. */
  readonly createTimeType: number;
  /** Whether it can send a header whose value is null. */
  readonly sendsNullHeaderValues: boolean;
  readonly adminAnswers: AdminAnswers;
  /** Runs admin steps with the client's admin script. */
  admin(b: TestBroker, steps: unknown[]): Promise<{ results: any[] }>;
  /** Runs the client's produce script; `config` holds client properties of its own naming. */
  produceMessages(
    b: TestBroker,
    messages: OutMessage[],
    opts?: ProduceOptions & { config?: Record<string, unknown> },
  ): Promise<Delivery[]>;
  /** Runs the client's consume script (no group: assign, optionally seek). */
  consumeMessages(
    b: TestBroker,
    assign: Assignment[],
    opts?: ConsumeOptions,
  ): Promise<ConsumeResult>;
  /** One offsets_for_times query per time, in order. */
  offsetsForTimes(
    b: TestBroker,
    topic: string,
    partition: number,
    timestampsMs: number[],
  ): Promise<ForTime[]>;
}

interface Spec {
  name: string;
  module: string;
  /** Script name prefix: ck or kp. */
  prefix: string;
  codecs: readonly CodecName[];
  createTimeType: number;
  sendsNullHeaderValues: boolean;
  adminAnswers: AdminAnswers;
  /** Client properties for the produce options, in the client's own naming. */
  produceConfig(opts: ProduceOptions): Record<string, unknown>;
  /** Consumer properties that turn automatic offset reset off. */
  noOffsetReset: Record<string, unknown>;
  /** Producer properties that make it give up soon on a topic the broker does not know. */
  shortMetadataWait: Record<string, unknown>;
  failures: RecordClient["failures"];
  /** One answer of the offsets script's "times", as a ForTime. */
  forTime(answer: any): ForTime;
}

/** Asserts every delivery succeeded, in its partition, at consecutive offsets per partition. */
function assertDelivered(messages: TextMessage[], deliveries: Delivery[]): void {
  assert.equal(deliveries.length, messages.length);
  const nextOffsets = new Map<number | null, number>();
  deliveries.forEach((d, i) => {
    assert.equal(d.error, null, `message ${i} failed`);
    if (messages[i].partition !== undefined) assert.equal(d.partition, messages[i].partition);
    const expected = nextOffsets.get(d.partition);
    if (expected !== undefined) assert.equal(d.offset, expected, `offset of message ${i}`);
    nextOffsets.set(d.partition, d.offset! + 1);
  });
}

function pythonClient(spec: Spec) {
  const interpreter = pythonWith(spec.module);
  const run = <T>(script: string, params: Record<string, unknown>): Promise<T> =>
    runPython<T>(interpreter!, `${spec.prefix}_${script}.py`, params, SCRIPT_TIMEOUT_MS);

  const client: PythonClient = {
    name: spec.name,
    missing: interpreter === null,
    interpreter,
    codecs: spec.codecs,
    createTimeType: spec.createTimeType,
    sendsNullHeaderValues: spec.sendsNullHeaderValues,
    adminAnswers: spec.adminAnswers,
    failures: spec.failures,

    admin: (b, steps) => run("admin", { bootstrap: b.bootstrap, steps }),

    async produceMessages(b, messages, opts = {}) {
      const r = await run<{ deliveries: Delivery[]; unflushed: number }>("produce", {
        bootstrap: b.bootstrap,
        config: { ...spec.produceConfig(opts), ...opts.config },
        timeoutMs: CLIENT_TIMEOUT_MS,
        messages: encodeMessages(messages),
      });
      assert.equal(r.unflushed, 0, "every message was delivered or failed before the timeout");
      return r.deliveries;
    },

    consumeMessages(b, assign, opts = {}) {
      return run("consume", {
        bootstrap: b.bootstrap,
        config: opts.config ?? {},
        timeoutMs: CLIENT_TIMEOUT_MS,
        maxMessages: opts.maxMessages ?? 1_000_000,
        assign,
        ...(opts.seek ? { seek: opts.seek } : {}),
      });
    },

    async offsetsForTimes(b, topic, partition, timestampsMs) {
      const r = await run<{ times: unknown[] }>("offsets", {
        bootstrap: b.bootstrap,
        partitions: [],
        times: timestampsMs.map((timestampMs) => ({ topic, partition, timestampMs })),
      });
      return r.times.map(spec.forTime);
    },

    async produce(b, messages, opts = {}) {
      assertDelivered(messages, await client.produceMessages(b, messages, opts));
    },

    async consume(b, topic, partitions, from: StartOffset) {
      const offset = from === "beginning" ? OFFSET_BEGINNING : from;
      const got = await client.consumeMessages(
        b,
        partitions.map((partition) => ({ topic, partition, offset })),
      );
      assert.deepEqual(got.errors, []);
      return got.messages.map(asText).map(({ partition, offset, key, value }): TextRecord => ({
        partition,
        offset,
        key,
        value,
      }));
    },

    async watermarks(b, topic, partition) {
      const r = await run<{ watermarks: [number, number][] }>("offsets", {
        bootstrap: b.bootstrap,
        partitions: [{ topic, partition }],
        times: [],
      });
      return r.watermarks[0];
    },

    async consumeRefused(b, topic, partition, offset) {
      const got = await client.consumeMessages(b, [{ topic, partition, offset }], {
        config: spec.noOffsetReset,
      });
      assert.deepEqual(got.messages, []);
      return got.errors.map((e) => `${e.name}: ${e.text}`);
    },

    async produceRefused(b, messages) {
      const deliveries = await client.produceMessages(b, messages, {
        config: spec.shortMetadataWait,
      });
      return deliveries.map((d) => d.error ?? "delivered");
    },
  };
  return client;
}

export const confluentKafka: PythonClient = pythonClient({
  name: "confluent-kafka",
  module: "confluent_kafka",
  prefix: "ck",
  codecs: ["gzip", "snappy", "lz4", "zstd"],
  // confluent-kafka timestamp type 1 = CreateTime.
  createTimeType: 1,
  sendsNullHeaderValues: true,
  adminAnswers: {
    done: (topic) => ({ [topic]: null }),
    exists: (topic) => ({ [topic]: "TOPIC_ALREADY_EXISTS" }),
    noTopic: { error: "UNKNOWN_TOPIC_OR_PART" },
    configs(answer: { configs: Record<string, string> }) {
      assert.deepEqual(Object.keys(answer), ["configs"]);
      return answer.configs;
    },
  },
  produceConfig: (opts) => ({
    ...(opts.codec ? { "compression.type": opts.codec } : {}),
    ...(opts.lingerMs !== undefined ? { "linger.ms": opts.lingerMs } : {}),
  }),
  noOffsetReset: { "auto.offset.reset": "error" },
  shortMetadataWait: {
    // librdkafka fails messages for a topic the broker reports unknown after this long.
    "topic.metadata.propagation.max.ms": 1000,
    "message.timeout.ms": 10_000,
  },
  failures: {
    offsetOutOfRange: /^_AUTO_OFFSET_RESET: .*Offset out of range/,
    unknownTopic: /^UNKNOWN_TOPIC_OR_PART$/,
  },
  forTime(answer: { offset: number; error: string | null }) {
    assert.equal(answer.error, null);
    return answer.offset === LIBRDKAFKA_NO_OFFSET ? null : { offset: answer.offset };
  },
});

export const kafkaPython: PythonClient = pythonClient({
  name: "kafka-python",
  module: "kafka",
  prefix: "kp",
  // kafka-python compresses snappy, lz4 and zstd only with optional packages not installed here.
  codecs: ["gzip"],
  // kafka-python timestamp type 0 = CreateTime.
  createTimeType: 0,
  // kafka-python 2.0.2's send() asserts every header value is bytes.
  sendsNullHeaderValues: false,
  adminAnswers: {
    done: (topic) => ({ errorCodes: { [topic]: 0 } }),
    exists: () => ({ error: "TopicAlreadyExistsError" }),
    // Error code 3: UNKNOWN_TOPIC_OR_PARTITION.
    noTopic: { errorCode: 3, configs: {} },
    configs(answer: { errorCode: number; configs: Record<string, string> }) {
      assert.equal(answer.errorCode, 0);
      return answer.configs;
    },
  },
  produceConfig: (opts) => ({
    ...(opts.codec ? { compression_type: opts.codec } : {}),
    ...(opts.lingerMs !== undefined ? { linger_ms: opts.lingerMs } : {}),
  }),
  noOffsetReset: { auto_offset_reset: "none" },
  // kafka-python asks for the topic's metadata until max_block_ms has passed, then send() fails.
  shortMetadataWait: { max_block_ms: 1000 },
  failures: { offsetOutOfRange: /^OffsetOutOfRangeError: /, unknownTopic: /^KafkaTimeoutError$/ },
  forTime: (answer: { offset: number; timestampMs: number } | null) => answer,
});
