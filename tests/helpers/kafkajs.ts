/**
 * Test helpers for the kafkajs integration tests: a quiet, time-bounded client for a test broker,
 * the API versions a client actually sent, and what the broker stored (kafkajs cannot consume
 * without a consumer group, so produced records are checked in storage).
 */
import assert from "node:assert/strict";
import { Kafka, type KafkaConfig, logLevel } from "kafkajs";
import type { TestBroker } from "./broker.ts";
import { type BatchHeader, readBatchHeader } from "../../broker/records/batch_header.ts";
import { decodeBatch, type Record as StoredRecord } from "../../broker/records/record_codec.ts";

const CONNECTION_TIMEOUT_MS = 3_000;
const REQUEST_TIMEOUT_MS = 5_000;

/** A kafkajs client for `b`: no logging, short timeouts, few quick retries. */
export function kafkaFor(b: TestBroker, config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: "blink-kafkajs-test",
    brokers: [b.bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    retry: { retries: 2, initialRetryTime: 50, maxRetryTime: 500 },
    ...config,
  });
}

/** Anything kafkajs that emits instrumentation REQUEST events (admin, producer). */
interface Instrumented {
  events: { REQUEST: string };
  on(
    event: string,
    listener: (e: { payload: { apiName: string; apiVersion: number } }) => void,
  ): unknown;
}

/** Records each API name kafkajs sends and the versions it used, filled as requests go out. */
export function recordApiVersions(...clients: Instrumented[]): Map<string, Set<number>> {
  const sent = new Map<string, Set<number>>();
  for (const client of clients) {
    client.on(client.events.REQUEST, ({ payload }) => {
      const versions = sent.get(payload.apiName) ?? new Set<number>();
      versions.add(payload.apiVersion);
      sent.set(payload.apiName, versions);
    });
  }
  return sent;
}

export interface StoredBatch {
  header: BatchHeader;
  records: StoredRecord[];
}

/** Every batch the broker holds for the partition, decoded (headers patched by the broker). */
export function storedBatches(b: TestBroker, topic: string, partition: number): StoredBatch[] {
  const log = b.broker.store.partition(topic, partition);
  assert(log, `no partition ${topic}-${partition} in the store`);
  return log.read(log.logStartOffset, Number.MAX_SAFE_INTEGER).map((bytes) => ({
    header: readBatchHeader(bytes),
    records: decodeBatch(bytes),
  }));
}

/** The readable records of a partition (from its log start offset on), in offset order. */
export function storedRecords(b: TestBroker, topic: string, partition: number): StoredRecord[] {
  const logStartOffset = b.broker.store.partition(topic, partition)!.logStartOffset;
  return storedBatches(b, topic, partition)
    .flatMap((batch) => batch.records)
    .filter((r) => r.offset >= logStartOffset);
}
