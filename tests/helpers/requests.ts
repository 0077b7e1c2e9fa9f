/** Request builders shared by the protocol tests (raw client). */
import type { FetchRequestData } from "../../broker/messages/fetch.ts";
import type { ProduceRequestData } from "../../broker/messages/produce.ts";
import { BatchField } from "../../broker/records/batch_header.ts";
import { crc32c } from "../../broker/records/crc32c.ts";
import { buildBatch, type NewRecord } from "../../broker/records/record_codec.ts";

const enc = new TextEncoder();

export function values(...texts: string[]): NewRecord[] {
  return texts.map((t) => ({ key: null, value: enc.encode(t) }));
}

export function produceRequest(
  topic: string,
  partition: number,
  records: Uint8Array | null,
  acks = 1,
): ProduceRequestData {
  return {
    transactionalId: null,
    acks,
    timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: partition, records }] }],
  };
}

export function batchOf(...texts: string[]): Uint8Array {
  return buildBatch(values(...texts));
}

/** A copy of `batch` with header fields edited by `edit` and its CRC-32C made valid again. */
export function resigned(batch: Uint8Array, edit: (view: DataView) => void): Uint8Array {
  const copy = batch.slice();
  const view = new DataView(copy.buffer);
  edit(view);
  view.setUint32(BatchField.crc, crc32c(copy, BatchField.attributes));
  return copy;
}

export function fetchRequest(
  topic: string,
  partition: number,
  fetchOffset: number,
  opts: { maxWaitMs?: number; minBytes?: number; maxBytes?: number; partitionMaxBytes?: number } =
    {},
): FetchRequestData {
  return {
    replicaId: -1,
    maxWaitMs: opts.maxWaitMs ?? 0,
    minBytes: opts.minBytes ?? 1,
    maxBytes: opts.maxBytes ?? 50 * 1024 * 1024,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [{
      topic,
      topicId: "AAAAAAAAAAAAAAAAAAAAAA",
      partitions: [{
        partition,
        currentLeaderEpoch: -1,
        fetchOffset,
        lastFetchedEpoch: -1,
        logStartOffset: -1,
        partitionMaxBytes: opts.partitionMaxBytes ?? 1024 * 1024,
      }],
    }],
    forgottenTopicsData: [],
    rackId: "",
  };
}
