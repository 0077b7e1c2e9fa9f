/**
 * Producing one record from HTTP (REST `/produce` and the console's produce form): the record is
 * built into a RecordBatch v2 and stored through the same `produceToPartition` the Kafka Produce
 * handler uses, so validation, the memory limit, auto-creation, metrics and waking long-poll
 * fetches all apply. A missing partition is chosen as Kafka's default partitioner does.
 */
import { Broker } from "../../broker/broker.ts";
import { MEMORY_FULL_THROTTLE_MS, produceToPartition } from "../../broker/handlers/produce.ts";
import { ErrorCode, errorName } from "../../broker/protocol/errors.ts";
import { buildBatch, type RecordHeader } from "../../broker/records/record_codec.ts";
import type { ConsoleContext } from "../context.ts";
import { badParam, HttpError, notFound, unavailable } from "../http/errors.ts";
import { show } from "../http/params.ts";
import { partitionForKey } from "../partitioner.ts";

export interface RecordToProduce {
  topic: string;
  /** Absent: by key hash, or in turn without a key. */
  partition: number | undefined;
  key: Uint8Array | null;
  value: Uint8Array;
  headers: RecordHeader[];
}

export interface ProducedRecord {
  topic: string;
  partition: number;
  offset: number;
}

const utf8 = new TextEncoder();

/**
 * Record headers from `{name: value}`, `[[name, value], ...]` or `[{key, value}, ...]` (values
 * text or null), or that JSON as text (form and query fields).
 */
export function parseHeaders(name: string, raw: unknown): RecordHeader[] {
  if (raw === undefined || raw === null || raw === "") return [];
  if (typeof raw === "string") return parseHeaders(name, parseJsonField(name, raw));
  let pairs: [unknown, unknown][];
  if (Array.isArray(raw)) pairs = raw.map((h) => pairOf(name, h));
  else if (typeof raw === "object") pairs = Object.entries(raw);
  else throw badParam(name, `must be an object or an array of [key, value], got ${show(raw)}`);
  return pairs.map(([key, value]) => {
    if (typeof key !== "string") throw badParam(name, `header key ${show(key)} is not text`);
    if (value !== null && typeof value !== "string") {
      throw badParam(name, `value of header "${key}" must be text or null, got ${show(value)}`);
    }
    return { key, value: value === null ? null : utf8.encode(value) };
  });
}

function parseJsonField(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw badParam(name, `is not valid JSON: ${show(text)}`);
  }
}

function pairOf(name: string, h: unknown): [unknown, unknown] {
  if (Array.isArray(h) && h.length === 2) return [h[0], h[1]];
  if (typeof h === "object" && h !== null && "key" in h) {
    return [(h as { key: unknown }).key, (h as { value?: unknown }).value ?? null];
  }
  throw badParam(name, `each header must be [key, value] or {key, value}, got ${show(h)}`);
}

/** Text from an HTTP field as record bytes; "" and absent mean no key. */
export function keyBytes(raw: unknown): Uint8Array | null {
  if (raw === undefined || raw === null || raw === "") return null;
  if (typeof raw !== "string") throw badParam("key", `must be text, got ${show(raw)}`);
  return utf8.encode(raw);
}

/** Stores one record; with durability sync it resolves once the record is fsynced. */
export async function produceRecord(
  ctx: ConsoleContext,
  r: RecordToProduce,
): Promise<ProducedRecord> {
  const { broker } = ctx;
  const nameProblem = Broker.topicNameProblem(r.topic);
  if (nameProblem) throw badParam("topic", nameProblem);
  const topic = broker.topicForProduceOrMetadata(r.topic);
  if (!topic) throw notFound(`topic "${r.topic}" does not exist (auto_create_topics is off)`);
  const partitionCount = topic.partitions.length;
  if (r.partition !== undefined && r.partition >= partitionCount) {
    throw notFound(
      `topic "${r.topic}" has no partition ${r.partition} (partitions 0-${partitionCount - 1})`,
    );
  }
  const partition = r.partition ??
    (r.key === null ? ctx.roundRobin.next(partitionCount) : partitionForKey(r.key, partitionCount));
  const batch = buildBatch([{ key: r.key, value: r.value, headers: r.headers }], {
    nowMs: broker.now(),
  });
  const result = produceToPartition(broker, r.topic, partition, batch);
  const response = result.response;
  if (result.memoryFull) {
    throw unavailable(
      response.errorMessage ?? "memory full; retry later",
      Math.ceil(MEMORY_FULL_THROTTLE_MS / 1000),
    );
  }
  switch (response.errorCode) {
    case ErrorCode.NONE:
      await broker.store.whenDurable();
      return { topic: r.topic, partition, offset: response.baseOffset };
    case ErrorCode.MESSAGE_TOO_LARGE:
      throw new HttpError(413, response.errorMessage ?? "record too large");
    case ErrorCode.UNKNOWN_TOPIC_OR_PARTITION:
      throw notFound(`topic "${r.topic}" has no partition ${partition}`);
    case ErrorCode.INVALID_RECORD:
      // A compacted topic refuses records without a key.
      throw badParam("key", response.errorMessage ?? "the record is not valid for this topic");
    default:
      throw new HttpError(
        500,
        `produce failed: ${errorName(response.errorCode)} ${response.errorMessage ?? ""}`.trim(),
      );
  }
}
