/**
 * Fetch: whole stored batches from each asked partition, starting with the batch that contains
 * the fetch offset (the client skips the records before its offset).
 *
 * Sizes (KIP-74): partitions are filled in request order; each takes batches while they fit in
 * both its `partition_max_bytes` and what is left of `max_bytes`, and the first non-empty
 * partition always returns at least one whole batch, so a batch larger than the limits can still
 * be consumed. Long-poll: when fewer than `min_bytes` are ready, the fetch parks until an append
 * makes enough ready or `max_wait_ms` passes, while the connection keeps serving later requests.
 *
 * High watermark = next offset. An offset below the log start or past the end gets
 * OFFSET_OUT_OF_RANGE. Fetch sessions (KIP-227) are not kept: session id 0 tells clients to send
 * full fetch requests, which every client supports.
 *
 * With `purge_on_fetch`, batches returned to a consumer of a topic that no group consumes are
 * dropped right after the response is built (the log start offset moves past them).
 *
 * Batches held on disk only (spilled or recovered) are read ahead with asynchronous file reads
 * before the response is built, so a fetch that waits for the disk never blocks other clients.
 */
import { type ApiHandler, Deferred, type RequestContext } from "../api.ts";
import type { Broker } from "../broker.ts";
import {
  type FetchPartitionData,
  FetchRequest,
  type FetchRequestData,
  FetchResponse,
  type FetchResponseData,
} from "../messages/fetch.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { BatchField, readBatchHeader } from "../records/batch_header.ts";
import type { PartitionLog } from "../../storage/partition_log.ts";
import type { Topic } from "../../storage/log_store.ts";

const TOPIC_IDS_FROM_VERSION = 13;
/**
 * Fetch v0-3 read message formats v0/v1. They are listed in ApiVersions because librdkafka up to
 * 2.11 honours throttle times only when the broker's Fetch range overlaps v1-2
 * (rdkafka_feature.c); such requests get UNSUPPORTED_FOR_MESSAGE_FORMAT per partition.
 */
export const RECORD_BATCH_V2_FROM_VERSION = 4;
const NO_RECORDS = new Uint8Array(0);

interface Wanted {
  topic: Topic | undefined;
  name: string;
  topicId: string;
  partitions: { index: number; fetchOffset: number; maxBytes: number }[];
}

function resolveTopics(broker: Broker, req: FetchRequestData, version: number): Wanted[] {
  return req.topics.map((t) => {
    const topic = version >= TOPIC_IDS_FROM_VERSION
      ? broker.store.topicById(t.topicId)
      : broker.store.topic(t.topic);
    return {
      topic,
      name: t.topic,
      topicId: t.topicId,
      partitions: t.partitions.map((p) => ({
        index: p.partition,
        fetchOffset: p.fetchOffset,
        maxBytes: p.partitionMaxBytes,
      })),
    };
  });
}

function emptyPartition(index: number, errorCode: number, log?: PartitionLog): FetchPartitionData {
  return {
    partitionIndex: index,
    errorCode,
    highWatermark: log ? log.nextOffset : -1,
    lastStableOffset: log ? log.nextOffset : -1,
    logStartOffset: log ? log.logStartOffset : -1,
    abortedTransactions: null,
    preferredReadReplica: -1,
    // An empty record set, never null: Kafka sends size 0 and librdkafka rejects -1.
    records: NO_RECORDS,
  };
}

/** The offset after the last record of a stored batch. */
function endOffsetOf(batch: Uint8Array): number {
  const h = readBatchHeader(batch);
  return h.baseOffset + h.lastOffsetDelta + 1;
}

interface Collected {
  response: FetchResponseData;
  sizeBytes: number;
  /** For purge_on_fetch: each log with the offset after the last batch returned. */
  fetchedUpTo: [PartitionLog, number][];
  hasError: boolean;
}

function collect(wanted: Wanted[], req: FetchRequestData, version: number): Collected {
  const unknownTopic = version >= TOPIC_IDS_FROM_VERSION
    ? ErrorCode.UNKNOWN_TOPIC_ID
    : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
  let remainingBytes = Math.max(0, req.maxBytes);
  let sizeBytes = 0;
  let hasError = false;
  const fetchedUpTo: [PartitionLog, number][] = [];
  const responses = wanted.map((w) => ({
    topic: w.name,
    topicId: w.topicId,
    partitions: w.partitions.map((p): FetchPartitionData => {
      if (!w.topic) {
        hasError = true;
        return emptyPartition(p.index, unknownTopic);
      }
      const log = w.topic.partitions[p.index];
      if (!log) {
        hasError = true;
        return emptyPartition(p.index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      }
      if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.nextOffset) {
        hasError = true;
        return emptyPartition(p.index, ErrorCode.OFFSET_OUT_OF_RANGE, log);
      }
      const out = emptyPartition(p.index, ErrorCode.NONE, log);
      out.abortedTransactions = req.isolationLevel === 1 ? [] : null;
      if (p.fetchOffset === log.nextOffset) return out;
      const limit = Math.min(p.maxBytes, remainingBytes);
      let batches = log.read(p.fetchOffset, Math.max(0, limit));
      // read() always gives one whole batch; beyond the first partition it must fit the budget.
      if (sizeBytes > 0 && batches[0].length > remainingBytes) batches = [];
      if (batches.length === 0) return out;
      let taken = 0;
      for (const b of batches) taken += b.length;
      sizeBytes += taken;
      remainingBytes = Math.max(0, remainingBytes - taken);
      fetchedUpTo.push([log, endOffsetOf(batches[batches.length - 1])]);
      out.records = batches;
      return out;
    }),
  }));
  return {
    response: { throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses },
    sizeBytes,
    fetchedUpTo,
    hasError,
  };
}

/**
 * purge_on_fetch for topics no group consumes: the batches just returned are dropped. Topics a
 * group consumes are purged by committed offsets instead (Broker.onOffsetsCommitted).
 */
function purgeFetched(broker: Broker, req: FetchRequestData, c: Collected): void {
  const isConsumer = req.replicaId < 0 && (req.replicaState?.replicaId ?? -1) < 0;
  if (!broker.settings.purgeOnFetch || !isConsumer) return;
  for (const [log, upTo] of c.fetchedUpTo) {
    if (broker.groupsConsuming(log.topic).length === 0) broker.purgeBefore(log, upTo);
  }
}

/** Records in a stored batch: its header's lastOffsetDelta + 1 (int32, big-endian). */
function recordCountOf(batch: Uint8Array): number {
  const at = BatchField.lastOffsetDelta;
  return ((batch[at] << 24) | (batch[at + 1] << 16) | (batch[at + 2] << 8) | batch[at + 3]) + 1;
}

/** Counts the records and bytes a response returns, per topic, once it is sent. */
function countFetched(broker: Broker, wanted: Wanted[], resp: FetchResponseData): void {
  for (let t = 0; t < wanted.length; t++) {
    const topic = wanted[t].topic;
    if (!topic) continue;
    let records = 0;
    let bytes = 0;
    for (const p of resp.responses[t].partitions) {
      if (!Array.isArray(p.records)) continue;
      for (const batch of p.records) {
        records += recordCountOf(batch);
        bytes += batch.length;
      }
    }
    if (records > 0) broker.metrics.fetched(topic.name, records, bytes);
  }
}

/** The response is final: count what it returns, then purge (purge_on_fetch). */
function deliver(
  broker: Broker,
  wanted: Wanted[],
  req: FetchRequestData,
  c: Collected,
): FetchResponseData {
  countFetched(broker, wanted, c.response);
  purgeFetched(broker, req, c);
  return c.response;
}

function refuseOldFormat(req: FetchRequestData): FetchResponseData {
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    sessionId: 0,
    responses: req.topics.map((t) => ({
      topic: t.topic,
      topicId: t.topicId,
      partitions: t.partitions.map((p) =>
        emptyPartition(p.partition, ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT)
      ),
    })),
  };
}

/** Bytes ready to return now, counting at most `limitBytes` (cheaper than collecting). */
function readyBytes(wanted: Wanted[], limitBytes: number): number {
  let total = 0;
  for (const w of wanted) {
    for (const p of w.partitions) {
      const log = w.topic?.partitions[p.index];
      if (!log || p.fetchOffset < log.logStartOffset || p.fetchOffset >= log.nextOffset) continue;
      total += log.readableBytes(p.fetchOffset, limitBytes - total);
      if (total >= limitBytes) return total;
    }
  }
  return total;
}

/** Parks the fetch until enough is ready or max_wait_ms passes, then answers through `complete`. */
function park(
  wanted: Wanted[],
  req: FetchRequestData,
  ctx: RequestContext,
  complete: (resp: FetchResponseData) => void,
): void {
  const logs: PartitionLog[] = [];
  for (const w of wanted) {
    for (const p of w.partitions) {
      const log = w.topic?.partitions[p.index];
      if (log) logs.push(log);
    }
  }
  ctx.broker.waiters.wait(
    logs,
    req.maxWaitMs,
    ctx.closed,
    () => readyBytes(wanted, req.minBytes) >= req.minBytes,
    () => {
      // Synchronous with the append (or timer) that ended the wait: the connection encodes
      // the views before any other handler can run, so no copy is needed.
      complete(deliver(ctx.broker, wanted, req, collect(wanted, req, ctx.apiVersion)));
    },
  );
}

/**
 * The WAL ranges a response would read (batches held on disk only), as (segment, position,
 * length) triples; each partition counted up to its partition_max_bytes and the whole up to
 * max_bytes, as collect() takes them.
 */
function diskReads(wanted: Wanted[], req: FetchRequestData): number[] {
  const ranges: number[] = [];
  let remainingBytes = Math.max(0, req.maxBytes);
  for (const w of wanted) {
    for (const p of w.partitions) {
      const log = w.topic?.partitions[p.index];
      if (!log || p.fetchOffset < log.logStartOffset || p.fetchOffset >= log.nextOffset) continue;
      const limit = Math.max(0, Math.min(p.maxBytes, remainingBytes));
      if (log.spilledBatchCount > 0) log.walReadsFor(p.fetchOffset, limit, ranges);
      remainingBytes = Math.max(0, remainingBytes - log.readableBytes(p.fetchOffset, limit));
    }
  }
  return ranges;
}

/** The response, when it can be given now (enough data, an error, or no wait); else null. */
function answerNow(
  wanted: Wanted[],
  req: FetchRequestData,
  ctx: RequestContext,
): FetchResponseData | null {
  const c = collect(wanted, req, ctx.apiVersion);
  if (c.hasError || c.sizeBytes >= req.minBytes || req.maxWaitMs <= 0) {
    return deliver(ctx.broker, wanted, req, c);
  }
  return null;
}

export const fetchHandler: ApiHandler<FetchRequestData, FetchResponseData> = {
  key: 1,
  name: "Fetch",
  request: FetchRequest,
  response: FetchResponse,
  handle(req, ctx) {
    if (ctx.apiVersion < RECORD_BATCH_V2_FROM_VERSION) return refuseOldFormat(req);
    const wanted = resolveTopics(ctx.broker, req, ctx.apiVersion);
    const wal = ctx.broker.store.tiering.wal;
    const ranges = wal === null ? [] : diskReads(wanted, req);
    if (ranges.length === 0) {
      // Views are safe: the connection encodes a synchronous result before anything else runs.
      return answerNow(wanted, req, ctx) ??
        new Deferred((complete) => park(wanted, req, ctx, complete));
    }
    // Batches held on disk only are read ahead asynchronously, so a cold read does not hold the
    // event loop; the response is then built (and encoded) synchronously as above, and any range
    // that changed meanwhile is read synchronously.
    return new Deferred((complete, fail) => {
      wal!.prefetch(ranges).catch((err) => {
        ctx.broker.log.warn("WAL read-ahead failed; reading synchronously", { error: String(err) });
        return new Map<string, Uint8Array>();
      }).then((prefetched) => {
        if (ctx.closed.aborted) return;
        const now = wal!.withPrefetched(prefetched, () => answerNow(wanted, req, ctx));
        if (now === null) park(wanted, req, ctx, complete);
        else complete(now);
      }).catch(fail);
    });
  },
};
