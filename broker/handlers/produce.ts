/**
 * Produce: validate each partition's record batch and store its bytes as received, patching
 * only the base offset. acks 0 gets no response; 1 and -1 are answered once stored (a single
 * in-memory replica, so both mean "stored").
 *
 * Per partition, in order: unknown topic/partition -> UNKNOWN_TOPIC_OR_PARTITION; a record set
 * that is not exactly one valid v2 batch (magic, length, CRC-32C) -> CORRUPT_MESSAGE / INVALID_RECORD
 * and nothing stored; a control batch -> INVALID_RECORD; larger than the topic's max.message.bytes -> MESSAGE_TOO_LARGE; an
 * idempotent producer's retried batch -> its original offset, a sequence gap ->
 * OUT_OF_ORDER_SEQUENCE_NUMBER; a record without a key on a compacted topic -> INVALID_RECORD;
 * no room in memory or on disk -> KAFKA_STORAGE_ERROR (retriable) with a throttle time, so
 * clients back off and retry rather than lose data. With durability sync the response waits
 * until the batches are fsynced.
 */
import type { ApiHandler } from "../api.ts";
import type { Broker } from "../broker.ts";
import {
  type ProducePartitionResponse,
  ProduceRequest,
  type ProduceRequestData,
  ProduceResponse,
  type ProduceResponseData,
} from "../messages/produce.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { CONTROL_BATCH, splitAndValidate } from "../records/batch_header.ts";
import { MemoryFullError } from "../../storage/partition_log.ts";
import { hasCleanupPolicy } from "../../storage/log_store.ts";
import { hasNullKey } from "../records/compact.ts";

/**
 * Produce v0-2 carry message formats v0/v1, which are not stored. They are still listed in
 * ApiVersions because librdkafka up to 2.11 (Debian 12 ships 2.0.2) enables gzip, snappy and lz4
 * only when the broker's Produce range includes v0, and honours throttle times only when it
 * overlaps v1-2 (rdkafka_msgset_writer.c, rdkafka_feature.c). Without them those clients
 * silently send uncompressed batches. Such requests get UNSUPPORTED_FOR_MESSAGE_FORMAT.
 */
export const RECORD_BATCH_V2_FROM_VERSION = 3;

function refuseOldFormat(req: ProduceRequestData): ProduceResponseData | null {
  if (req.acks === 0) return null;
  return {
    responses: req.topicData.map((t) => ({
      name: t.name,
      partitionResponses: t.partitionData.map((p) =>
        result(p.index, ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, null)
      ),
    })),
    throttleTimeMs: 0,
  };
}

/** How long a client is asked to back off when memory is full. */
export const MEMORY_FULL_THROTTLE_MS = 1000;

export interface PartitionProduceResult {
  response: ProducePartitionResponse;
  /** Set when the produce was refused for lack of memory. */
  memoryFull: boolean;
}

function result(
  index: number,
  errorCode: number,
  errorMessage: string | null,
  baseOffset = -1,
  logStartOffset = -1,
): ProducePartitionResponse {
  return {
    index,
    errorCode,
    baseOffset,
    logAppendTimeMs: -1,
    logStartOffset,
    recordErrors: errorMessage && errorCode !== ErrorCode.NONE
      ? [{ batchIndex: 0, batchIndexErrorMessage: errorMessage }]
      : [],
    errorMessage,
  };
}

/** Stores one partition's record set; shared by the Kafka handler and the REST produce. */
export function produceToPartition(
  broker: Broker,
  topicName: string,
  index: number,
  records: Uint8Array | null,
): PartitionProduceResult {
  const ok = (r: ProducePartitionResponse) => ({ response: r, memoryFull: false });
  const topic = broker.topicForProduceOrMetadata(topicName);
  const log = topic?.partitions[index];
  if (!topic || !log) {
    return ok(result(index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null));
  }
  if (records === null) return ok(result(index, ErrorCode.CORRUPT_MESSAGE, "no record set"));
  const split = splitAndValidate(records);
  if ("error" in split) return ok(result(index, ErrorCode.CORRUPT_MESSAGE, split.error));
  if (split.batches.length !== 1) {
    return ok(result(
      index,
      ErrorCode.INVALID_RECORD,
      `a produce must carry exactly one record batch per partition, got ${split.batches.length}`,
    ));
  }
  const { bytes, header } = split.batches[0];
  if (header.attributes & CONTROL_BATCH) {
    // As Kafka: transaction markers come from the broker, never from a producer.
    return ok(result(index, ErrorCode.INVALID_RECORD, "control batches cannot be produced"));
  }
  if (hasCleanupPolicy(topic, "compact")) {
    // As Kafka: a compacted topic keeps the latest record per key, so every record needs one.
    let nullKey: boolean;
    try {
      nullKey = hasNullKey(bytes);
    } catch (err) {
      return ok(result(index, ErrorCode.CORRUPT_MESSAGE, (err as Error).message));
    }
    if (nullKey) {
      return ok(result(
        index,
        ErrorCode.INVALID_RECORD,
        "compacted topic cannot accept a record without a key",
      ));
    }
  }
  const maxBytes = Number(broker.topicConfig(topic, "max.message.bytes"));
  if (bytes.length > maxBytes) {
    return ok(result(
      index,
      ErrorCode.MESSAGE_TOO_LARGE,
      `batch of ${bytes.length} bytes exceeds max.message.bytes ${maxBytes}`,
    ));
  }
  const idempotent = header.producerId >= 0;
  if (idempotent) {
    const check = broker.producers.check(
      header.producerId,
      header.producerEpoch,
      topicName,
      index,
      header.baseSequence,
      header.recordCount,
    );
    if (check.kind === "duplicate") {
      return ok(result(index, ErrorCode.NONE, null, check.baseOffset, log.logStartOffset));
    }
    if (check.kind === "out_of_order") {
      return ok(result(
        index,
        ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        `expected sequence ${check.expected}, got ${header.baseSequence}`,
      ));
    }
    if (check.kind === "fenced") {
      return ok(result(index, ErrorCode.INVALID_PRODUCER_EPOCH, "producer epoch is fenced"));
    }
  }
  let baseOffset: number;
  try {
    baseOffset = broker.appendBatch(log, bytes, header);
  } catch (err) {
    if (!(err instanceof MemoryFullError)) throw err;
    return {
      response: result(index, ErrorCode.KAFKA_STORAGE_ERROR, `${err.message}; retry later`),
      memoryFull: true,
    };
  }
  broker.metrics.produced(topicName, header.recordCount, bytes.length);
  if (idempotent) {
    broker.producers.recordAppend(
      header.producerId,
      header.producerEpoch,
      topicName,
      index,
      header.baseSequence,
      header.recordCount,
      baseOffset,
    );
  }
  return ok(result(index, ErrorCode.NONE, null, baseOffset, log.logStartOffset));
}

export const produceHandler: ApiHandler<ProduceRequestData, ProduceResponseData> = {
  key: 0,
  name: "Produce",
  request: ProduceRequest,
  response: ProduceResponse,
  // Each batch is copied into the pool (and the WAL) inside produceToPartition.
  copiesRequest: true,
  handle(req, ctx) {
    if (ctx.apiVersion < RECORD_BATCH_V2_FROM_VERSION) return refuseOldFormat(req);
    const validAcks = req.acks === 0 || req.acks === 1 || req.acks === -1;
    let throttleTimeMs = 0;
    const responses = req.topicData.map((t) => ({
      name: t.name,
      partitionResponses: t.partitionData.map((p) => {
        if (!validAcks) {
          return result(p.index, ErrorCode.INVALID_REQUIRED_ACKS, `acks ${req.acks}`);
        }
        const r = produceToPartition(ctx.broker, t.name, p.index, p.records);
        if (r.memoryFull) throttleTimeMs = MEMORY_FULL_THROTTLE_MS;
        return r.response;
      }),
    }));
    if (req.acks === 0 && validAcks) return null;
    const response = { responses, throttleTimeMs };
    // durability sync: acknowledged only once fsynced (one fsync serves many produces).
    const durable = ctx.broker.store.whenDurable();
    return durable === null ? response : durable.then(() => response);
  },
};
