/**
 * Test helpers for the @platformatic/kafka integration tests: time-bounded client options, the
 * API versions the client sent (from its diagnostics channel), protocol error ids out of its
 * nested errors, and reading a partition back with group-less Fetch requests.
 */
import { Buffer } from "node:buffer";
import {
  connectionsApiChannel,
  type Consumer,
  type fetchV17,
  type RecordsBatch,
} from "@platformatic/kafka";
import type { TestBroker } from "./broker.ts";

const TIMEOUT_MS = 5_000;
const CONNECT_TIMEOUT_MS = 3_000;
const FETCH_MAX_BYTES = 8 * 1024 * 1024;
/** Enough rounds to read 10,000+ small records at FETCH_MAX_BYTES per round. */
const MAX_FETCH_ROUNDS = 1_000;

/** Options every client in these tests uses: short timeouts, one quick retry. */
export function clientOptions(b: TestBroker) {
  return {
    clientId: "blink-platformatic-test",
    bootstrapBrokers: [b.bootstrap],
    timeout: TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    requestTimeout: TIMEOUT_MS,
    retries: 1,
    retryDelay: 20,
  };
}

/** The protocol error ids (e.g. "TOPIC_ALREADY_EXISTS") anywhere in a client error, in order. */
export function protocolErrorIds(err: unknown): string[] {
  if (typeof err !== "object" || err === null) return [];
  const e = err as { apiId?: string; errors?: unknown[] };
  return [...(e.apiId ? [e.apiId] : []), ...(e.errors ?? []).flatMap(protocolErrorIds)];
}

/** Collects `api key -> versions` of every request any client sends until `stop()`. */
export function recordApiVersions(): { sent: Map<number, Set<number>>; stop(): void } {
  const sent = new Map<number, Set<number>>();
  const subscribers = {
    start(message: unknown) {
      const { apiKey, apiVersion } = message as { apiKey: number; apiVersion: number };
      const versions = sent.get(apiKey) ?? new Set<number>();
      versions.add(apiVersion);
      sent.set(apiKey, versions);
    },
  };
  connectionsApiChannel.subscribe(subscribers as never);
  return { sent, stop: () => connectionsApiChannel.unsubscribe(subscribers as never) };
}

/** One record as a consumer sees it: absolute offset and timestamp. */
export interface FetchedRecord {
  offset: bigint;
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: [Buffer | null, Buffer | null][];
}

/** The records of fetched batches at or after `fromOffset`, with absolute offsets. */
export function recordsOf(batches: RecordsBatch[], fromOffset: bigint): FetchedRecord[] {
  return batches.flatMap((batch) =>
    batch.records.map((r) => ({
      offset: batch.firstOffset + BigInt(r.offsetDelta),
      timestamp: batch.firstTimestamp + r.timestampDelta,
      key: r.key,
      value: r.value,
      headers: r.headers,
    }))
  ).filter((r) => r.offset >= fromOffset);
}

/** Fetches one partition once (no consumer group) and returns its partition response. */
export async function fetchOnce(
  consumer: Consumer,
  topicId: string,
  partition: number,
  fetchOffset: bigint,
  maxWaitTimeMs = 0,
): Promise<fetchV17.FetchResponsePartition> {
  const response = await consumer.fetch({
    node: 0,
    maxWaitTime: maxWaitTimeMs,
    maxBytes: FETCH_MAX_BYTES,
    topics: [{
      topicId,
      partitions: [{
        partition,
        currentLeaderEpoch: -1,
        fetchOffset,
        lastFetchedEpoch: -1,
        partitionMaxBytes: FETCH_MAX_BYTES,
      }],
    }],
  });
  if (response.responses.length !== 1 || response.responses[0].partitions.length !== 1) {
    throw new Error(`fetch for one partition answered ${response.responses.length} topics`);
  }
  return response.responses[0].partitions[0];
}

/** Reads a partition from `fromOffset` to its high watermark with group-less fetches. */
export async function fetchAll(
  consumer: Consumer,
  topicId: string,
  partition: number,
  fromOffset = 0n,
): Promise<FetchedRecord[]> {
  const out: FetchedRecord[] = [];
  let offset = fromOffset;
  for (let round = 0; round < MAX_FETCH_ROUNDS; round++) {
    const p = await fetchOnce(consumer, topicId, partition, offset);
    if (p.errorCode !== 0) throw new Error(`fetch error code ${p.errorCode} at offset ${offset}`);
    const records = recordsOf(p.records ?? [], offset);
    out.push(...records);
    if (records.length > 0) offset = records[records.length - 1].offset + 1n;
    if (offset >= p.highWatermark) return out;
    if (records.length === 0) throw new Error(`no progress at offset ${offset}`);
  }
  throw new Error(`partition not read to its end in ${MAX_FETCH_ROUNDS} fetches`);
}
