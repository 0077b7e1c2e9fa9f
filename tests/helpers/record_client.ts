/**
 * Test helper: what a real client (confluent-kafka, kafka-python, kcat) offers the produce and
 * consume scenarios they share, and the registration of one Deno.test per client and scenario.
 */
import type { Settings } from "../../broker/settings/load.ts";
import { type TestBroker, uniqueTopic, withBroker } from "./broker.ts";

export type CodecName = "gzip" | "snappy" | "lz4" | "zstd";

/** A message with a text key (null: none) and value; no partition lets the partitioner pick. */
export interface TextMessage {
  topic: string;
  partition?: number;
  key: string | null;
  value: string;
}

/** A consumed record with its key and value as text. */
export interface TextRecord {
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
}

export interface ProduceOptions {
  codec?: CodecName;
  lingerMs?: number;
}

/** Where a consume starts: an absolute offset, or the partition's log start. */
export type StartOffset = number | "beginning";

export interface RecordClient {
  /** The client's name, as it starts the names of its tests. */
  readonly name: string;
  /** True where the client is not installed: its tests are ignored. */
  readonly missing: boolean;
  /** The codecs it compresses with. */
  readonly codecs: readonly CodecName[];
  /** How the client names the failures the scenarios provoke. */
  readonly failures: { offsetOutOfRange: RegExp; unknownTopic: RegExp };
  /**
   * Sends `messages` and resolves once all are acknowledged; asserts each one succeeded, at
   * consecutive offsets of its partition where the client reports offsets.
   */
  produce(b: TestBroker, messages: TextMessage[], opts?: ProduceOptions): Promise<void>;
  /** Reads `partitions` of `topic` from `from` to their ends; asserts the client saw no error. */
  consume(
    b: TestBroker,
    topic: string,
    partitions: number[],
    from: StartOffset,
  ): Promise<TextRecord[]>;
  /** The partition's [log start offset, high watermark], as the client asks for them. */
  watermarks(b: TestBroker, topic: string, partition: number): Promise<[number, number]>;
  /**
   * Consumes from `offset` with automatic offset reset off, expecting the broker to refuse it;
   * asserts nothing was consumed and returns the client's errors.
   */
  consumeRefused(
    b: TestBroker,
    topic: string,
    partition: number,
    offset: number,
  ): Promise<string[]>;
  /**
   * Sends `messages` with short metadata timeouts, expecting the broker to refuse them; returns
   * the client's error for each.
   */
  produceRefused(b: TestBroker, messages: TextMessage[]): Promise<string[]>;
}

/** One scenario every client of type C runs the same way. */
export interface RecordScenario<C extends RecordClient = RecordClient> {
  /** The test name after the client's name. */
  title: string;
  settings?: Partial<Settings>;
  /** Other clients the scenario needs (e.g. kafka-python for DeleteRecords). */
  alsoNeeds?: RecordClient[];
  run(client: C, b: TestBroker): Promise<void>;
}

/** Registers `${client.name}: ${scenario.title}` for each scenario, on a fresh broker each. */
export function recordTests<C extends RecordClient>(
  client: C,
  scenarios: RecordScenario<C>[],
): void {
  for (const scenario of scenarios) {
    Deno.test({
      name: `${client.name}: ${scenario.title}`,
      ignore: client.missing || (scenario.alsoNeeds ?? []).some((other) => other.missing),
      fn: () => withBroker(scenario.settings ?? {}, (b) => scenario.run(client, b)),
    });
  }
}

/** Creates a topic with a unique name starting with `prefix`; returns the name. */
export function newTopic(b: TestBroker, prefix: string, partitions = 1): string {
  const topic = uniqueTopic(prefix);
  b.broker.createTopic(topic, partitions, {});
  return topic;
}

/** `count` messages spread round-robin: message i goes to partition i % `partitions`. */
export function roundRobinMessages(
  topic: string,
  count: number,
  partitions: number,
  key: (i: number) => string | null,
  value: (i: number) => string,
): TextMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    topic,
    partition: i % partitions,
    key: key(i),
    value: value(i),
  }));
}

/** Text values for one partition, without keys. */
export function textMessages(topic: string, partition: number, values: string[]): TextMessage[] {
  return values.map((value) => ({ topic, partition, key: null, value }));
}
